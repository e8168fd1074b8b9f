//! Mounts the partner portal; everything else lives in the library.

fn main() {
    partner_portal::mount();
}
