//! What a partner can make (R-ACC-2): processes, materials, finishes, certifications and machines
//! with their work envelopes.

use serde::{Deserialize, Serialize};

/// Declares a closed list of named things with a stable slug (the wire and URL form) and a label
/// (what partners read). Read from JSON by its slug through one shared string decoder
/// (`wire::by_name`).
macro_rules! labelled_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => ($slug:tt, $label:tt)),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
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

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                crate::wire::by_name(d, $name::parse, &[$($slug),+])
            }
        }
    };
}

pub(crate) use labelled_enum;

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
#[cfg_attr(feature = "store", derive(reactive_stores::Store))]
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

    /// The longest side.
    pub fn largest_mm(self) -> u32 {
        self.sorted()[2]
    }
}

/// A machine on the partner's floor and the largest part it takes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "store", derive(reactive_stores::Store))]
pub struct Machine {
    pub name: String,
    pub process: Process,
    pub envelope: Dimensions,
}

/// Everything a partner has said it can make (R-ACC-2).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "store", derive(reactive_stores::Store))]
pub struct Capabilities {
    pub processes: Vec<Process>,
    pub materials: Vec<Material>,
    pub finishes: Vec<Finish>,
    pub certifications: Vec<Certification>,
    pub machines: Vec<Machine>,
}

/// R-ACC-2: the longest machine name, in characters.
pub const MACHINE_NAME_MAX_CHARS: usize = 80;
/// R-ACC-2: the most machines one partner lists.
pub const MACHINES_MAX: usize = 100;
/// R-ACC-2: the largest work envelope side, in millimetres (10 m).
pub const ENVELOPE_MAX_MM: u32 = 10_000;

impl Capabilities {
    /// The same capabilities with each list sorted and without repeats, as they are stored.
    pub fn normalized(mut self) -> Capabilities {
        fn tidy<T: Ord>(v: &mut Vec<T>) {
            v.sort();
            v.dedup();
        }
        tidy(&mut self.processes);
        tidy(&mut self.materials);
        tidy(&mut self.finishes);
        tidy(&mut self.certifications);
        for m in &mut self.machines {
            m.name = m.name.trim().to_owned();
        }
        self
    }
}

/// R-ACC-2: the capabilities editor's checks, shared by the form and the server. Each message
/// names the field (`machines[1].envelope.x_mm`) and what to change.
pub fn validate_capabilities(caps: &Capabilities) -> Vec<crate::problem::FieldError> {
    use crate::problem::FieldError;
    let mut errors = Vec::new();
    if caps.processes.is_empty() {
        errors.push(FieldError::new("processes", "required", "Choose at least one process you run."));
    }
    if caps.materials.is_empty() {
        errors.push(FieldError::new("materials", "required", "Choose at least one material you work with."));
    }
    if caps.finishes.is_empty() {
        errors.push(FieldError::new("finishes", "required", "Choose at least one finish you deliver."));
    }
    if caps.machines.len() > MACHINES_MAX {
        errors.push(FieldError::new("machines", "too_many", format!("List at most {MACHINES_MAX} machines.")));
    }
    for (i, m) in caps.machines.iter().enumerate() {
        let field = |f: &str| format!("machines[{i}].{f}");
        let name = m.name.trim();
        if name.is_empty() {
            errors.push(FieldError::new(&field("name"), "required", "Give the machine a name, e.g. Haas VF-2."));
        } else if name.chars().count() > MACHINE_NAME_MAX_CHARS {
            errors.push(FieldError::new(
                &field("name"),
                "too_long",
                format!("Keep the name to {MACHINE_NAME_MAX_CHARS} characters."),
            ));
        } else if caps.machines[..i].iter().any(|o| o.name.trim().eq_ignore_ascii_case(name)) {
            errors.push(FieldError::new(
                &field("name"),
                "duplicate",
                "Another machine has this name; name each one apart.",
            ));
        }
        if !caps.processes.contains(&m.process) {
            errors.push(FieldError::new(
                &field("process"),
                "not_offered",
                format!("{} is not among your processes: tick it above or choose another.", m.process.label()),
            ));
        }
        for (axis, v) in [("x_mm", m.envelope.x_mm), ("y_mm", m.envelope.y_mm), ("z_mm", m.envelope.z_mm)] {
            if v == 0 || v > ENVELOPE_MAX_MM {
                errors.push(FieldError::new(
                    &field(&format!("envelope.{axis}")),
                    "out_of_range",
                    format!("Enter the envelope in millimetres, from 1 to {ENVELOPE_MAX_MM}."),
                ));
            }
        }
    }
    for p in &caps.processes {
        if !caps.machines.iter().any(|m| m.process == *p) {
            errors.push(FieldError::new(
                "machines",
                "missing",
                format!("Add a machine for {}: jobs are matched to a machine's work envelope.", p.label()),
            ));
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    // R-ACC-2
    #[test]
    fn r_acc_2_capabilities_are_validated_field_by_field() {
        let mut caps = Capabilities {
            processes: vec![Process::CncMilling],
            materials: vec![Material::Aluminum6061],
            finishes: vec![Finish::AsMachined],
            certifications: vec![],
            machines: vec![Machine {
                name: "Haas VF-2".into(),
                process: Process::CncMilling,
                envelope: Dimensions::new(762, 406, 508),
            }],
        };
        assert!(validate_capabilities(&caps).is_empty());
        caps.machines.push(Machine {
            name: " haas vf-2 ".into(),
            process: Process::Sls,
            envelope: Dimensions::new(0, 406, ENVELOPE_MAX_MM + 1),
        });
        let fields: Vec<String> =
            validate_capabilities(&caps).into_iter().map(|e| format!("{}:{}", e.field, e.code)).collect();
        assert_eq!(
            fields,
            [
                "machines[1].name:duplicate",
                "machines[1].process:not_offered",
                "machines[1].envelope.x_mm:out_of_range",
                "machines[1].envelope.z_mm:out_of_range",
            ]
        );
        let empty = validate_capabilities(&Capabilities { processes: vec![Process::Sla], ..Capabilities::default() });
        let codes: Vec<&str> = empty.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(codes, ["materials", "finishes", "machines"]);
    }

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
