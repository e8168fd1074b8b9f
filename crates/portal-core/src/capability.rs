//! What a partner can make (R-ACC-2): processes, materials, finishes, certifications and machines
//! with their work envelopes.

use serde::{Deserialize, Serialize};

/// Declares a closed list of named things with a stable slug (the wire and URL form) and a label
/// (what partners read).
macro_rules! labelled_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => ($slug:literal, $label:literal)),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        pub enum $name {
            $(#[serde(rename = $slug)] $variant,)+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable name used in JSON and URLs.
            pub fn slug(self) -> &'static str {
                match self { $($name::$variant => $slug,)+ }
            }

            /// The name partners read.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label,)+ }
            }

            pub fn parse(slug: &str) -> Option<$name> {
                $name::ALL.iter().copied().find(|v| v.slug() == slug)
            }
        }
    };
}

labelled_enum!(
    /// A manufacturing process.
    Process {
        CncMilling => ("cnc_milling", "CNC milling"),
        CncTurning => ("cnc_turning", "CNC turning"),
        SheetMetal => ("sheet_metal", "Sheet metal"),
        InjectionMolding => ("injection_molding", "Injection molding"),
        Fdm => ("fdm", "FDM"),
        Sla => ("sla", "SLA"),
        Sls => ("sls", "SLS"),
        Mjf => ("mjf", "MJF"),
        Dmls => ("dmls", "DMLS"),
        PolyJet => ("polyjet", "PolyJet"),
        UrethaneCasting => ("urethane_casting", "Urethane casting"),
    }
);

labelled_enum!(
    /// A material a part is made of.
    Material {
        Aluminum6061 => ("aluminum_6061", "Aluminum 6061"),
        Aluminum7075 => ("aluminum_7075", "Aluminum 7075"),
        Stainless304 => ("stainless_304", "Stainless steel 304"),
        Stainless316 => ("stainless_316", "Stainless steel 316"),
        Steel1018 => ("steel_1018", "Steel 1018"),
        Brass360 => ("brass_360", "Brass 360"),
        Titanium6al4v => ("titanium_ti6al4v", "Titanium Ti-6Al-4V"),
        Delrin => ("delrin", "Delrin (POM)"),
        Abs => ("abs", "ABS"),
        Pla => ("pla", "PLA"),
        Nylon12 => ("nylon_pa12", "Nylon PA12"),
        StandardResin => ("standard_resin", "Standard resin"),
        Polycarbonate => ("polycarbonate", "Polycarbonate"),
        Polyurethane => ("polyurethane", "Polyurethane"),
    }
);

labelled_enum!(
    /// A surface finish.
    Finish {
        AsMachined => ("as_machined", "As machined"),
        AsPrinted => ("as_printed", "As printed"),
        BeadBlasted => ("bead_blasted", "Bead blasted"),
        Anodized => ("anodized", "Anodized"),
        Dyed => ("dyed", "Dyed"),
        PowderCoated => ("powder_coated", "Powder coated"),
        Polished => ("polished", "Polished"),
    }
);

labelled_enum!(
    /// A quality or compliance certification.
    Certification {
        Iso9001 => ("iso_9001", "ISO 9001"),
        As9100 => ("as9100", "AS9100"),
        Iso13485 => ("iso_13485", "ISO 13485"),
        Itar => ("itar", "ITAR"),
    }
);

/// Outer dimensions in millimetres.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Dimensions {
    pub x_mm: u32,
    pub y_mm: u32,
    pub z_mm: u32,
}

impl Dimensions {
    pub const fn new(x_mm: u32, y_mm: u32, z_mm: u32) -> Dimensions {
        Dimensions { x_mm, y_mm, z_mm }
    }

    fn sorted(self) -> [u32; 3] {
        let mut d = [self.x_mm, self.y_mm, self.z_mm];
        d.sort_unstable();
        d
    }

    /// Whether a part of these dimensions fits in `envelope`. **Decision**: a part may be turned
    /// any way round on the machine, so the sorted dimensions are compared; exactly equal fits.
    pub fn fits_within(self, envelope: Dimensions) -> bool {
        let (part, env) = (self.sorted(), envelope.sorted());
        part.iter().zip(env.iter()).all(|(p, e)| p <= e)
    }

    pub fn display(self) -> String {
        format!("{} × {} × {} mm", self.x_mm, self.y_mm, self.z_mm)
    }
}

/// A machine on the partner's floor and the largest part it takes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Machine {
    pub name: String,
    pub process: Process,
    pub envelope: Dimensions,
}

/// Everything a partner has said it can make (R-ACC-2).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Capabilities {
    pub processes: Vec<Process>,
    pub materials: Vec<Material>,
    pub finishes: Vec<Finish>,
    pub certifications: Vec<Certification>,
    pub machines: Vec<Machine>,
}

#[cfg(test)]
mod tests {
    use super::*;

    // R-ACC-2
    #[test]
    fn r_acc_2_capability_names_round_trip_through_parse_and_json() {
        for p in Process::ALL {
            assert_eq!(Process::parse(p.slug()), Some(*p));
            assert_eq!(serde_json::to_string(p).unwrap(), format!("\"{}\"", p.slug()));
        }
        assert_eq!(Material::parse("unobtainium"), None);
        let caps = Capabilities {
            processes: vec![Process::Dmls],
            materials: vec![Material::Titanium6al4v],
            finishes: vec![Finish::BeadBlasted],
            certifications: vec![Certification::As9100],
            machines: vec![Machine {
                name: "EOS M 290".into(),
                process: Process::Dmls,
                envelope: Dimensions::new(250, 250, 325),
            }],
        };
        let json = serde_json::to_string(&caps).unwrap();
        assert_eq!(serde_json::from_str::<Capabilities>(&json).unwrap(), caps);
    }

    // R-JOB-1
    #[test]
    fn r_job_1_envelope_exactly_fits_and_rotation_is_allowed() {
        let envelope = Dimensions::new(500, 400, 300);
        assert!(Dimensions::new(500, 400, 300).fits_within(envelope), "exactly equal fits");
        assert!(Dimensions::new(300, 500, 400).fits_within(envelope), "turned round fits");
        assert!(!Dimensions::new(501, 400, 300).fits_within(envelope), "one mm over does not");
        assert!(!Dimensions::new(450, 450, 100).fits_within(envelope));
    }
}
