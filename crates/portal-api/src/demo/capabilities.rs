//! The demo partners' shops: what each can make, on which machines.

use portal_core::capability::{
    Capabilities, Certification as C, Dimensions, Finish as F, Machine, Material as M, Process as P,
};

fn machine(name: &str, process: P, x: u32, y: u32, z: u32) -> Machine {
    Machine { name: name.to_owned(), process, envelope: Dimensions::new(x, y, z) }
}

/// A CNC shop, still on probation.
pub fn cnc_shop() -> Capabilities {
    Capabilities {
        processes: vec![P::CncMilling, P::CncTurning],
        materials: vec![M::Aluminum6061, M::Aluminum7075, M::Stainless304, M::Brass360, M::Steel1018, M::Delrin],
        finishes: vec![F::AsMachined, F::BeadBlasted, F::Anodized, F::Polished],
        certifications: vec![C::Iso9001],
        machines: vec![
            machine("Haas VF-2", P::CncMilling, 762, 406, 508),
            machine("Haas ST-10", P::CncTurning, 356, 356, 406),
        ],
    }
}

/// A large, certified all-rounder.
pub fn full_service_shop() -> Capabilities {
    Capabilities {
        processes: vec![P::CncMilling, P::CncTurning, P::SheetMetal, P::InjectionMolding, P::Sls, P::Mjf, P::Dmls],
        materials: vec![
            M::Aluminum6061,
            M::Aluminum7075,
            M::Stainless304,
            M::Stainless316,
            M::Steel1018,
            M::Brass360,
            M::Titanium6al4v,
            M::Delrin,
            M::Abs,
            M::Polycarbonate,
            M::Nylon12,
        ],
        finishes: vec![F::AsMachined, F::AsPrinted, F::BeadBlasted, F::Anodized, F::PowderCoated, F::Polished],
        certifications: vec![C::Iso9001, C::As9100, C::Itar],
        machines: vec![
            machine("DMG Mori DMU 65", P::CncMilling, 1000, 650, 560),
            machine("Okuma LB3000", P::CncTurning, 500, 500, 1000),
            machine("Trumpf TruBend 5130", P::SheetMetal, 3000, 1500, 400),
            machine("Arburg Allrounder 470", P::InjectionMolding, 400, 400, 300),
            machine("EOS P 396", P::Sls, 340, 340, 600),
            machine("HP MJF 5200", P::Mjf, 380, 284, 380),
            machine("EOS M 290", P::Dmls, 250, 250, 325),
        ],
    }
}

/// A small prototyping shop (FDM, SLA, PolyJet).
pub fn prototyping_shop() -> Capabilities {
    Capabilities {
        processes: vec![P::Fdm, P::Sla, P::PolyJet],
        materials: vec![M::Abs, M::Pla, M::StandardResin],
        finishes: vec![F::AsPrinted, F::Polished],
        certifications: vec![],
        machines: vec![
            machine("Prusa XL", P::Fdm, 360, 360, 360),
            machine("Formlabs Form 3L", P::Sla, 335, 200, 300),
            machine("Stratasys J55", P::PolyJet, 140, 200, 190),
        ],
    }
}

/// A new additive shop that dyes its parts.
pub fn additive_shop() -> Capabilities {
    Capabilities {
        processes: vec![P::Sls, P::Mjf, P::Fdm],
        materials: vec![M::Nylon12, M::Abs, M::Pla],
        finishes: vec![F::AsPrinted, F::Dyed, F::BeadBlasted],
        certifications: vec![],
        machines: vec![
            machine("Formlabs Fuse 1+", P::Sls, 165, 165, 300),
            machine("HP MJF 4200", P::Mjf, 380, 284, 380),
            machine("Bambu Lab X1E", P::Fdm, 256, 256, 256),
        ],
    }
}
