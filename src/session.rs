//! Who is logged in. Checked once at start (`GET /me`) so a reload keeps the session.

use leptos::prelude::*;
use leptos::task::spawn_local;
use portal_core::api::Me;

use crate::api::{self, ApiError};

std::thread_local! {
    /// Set when the partner logs out on this page, so the login page it lands on says so.
    static LOGGED_OUT_HERE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Notes that the partner just logged out (the login page says "You are logged out").
pub fn note_logged_out_here() {
    LOGGED_OUT_HERE.with(|f| f.set(true));
}

/// Whether the partner just logged out here; asking forgets it (a reload shows a plain login).
pub fn take_logged_out_here() -> bool {
    LOGGED_OUT_HERE.with(|f| f.replace(false))
}

/// Where the session check stands.
#[derive(Clone, Debug, PartialEq)]
pub enum SessionState {
    Checking,
    LoggedOut,
    LoggedIn(Box<Me>),
    /// Issue 17: the session ended while a page was open (it expired, or was ended from another
    /// device). The page stays, with what was typed, under a dialog to log in again in place.
    Expired(Box<Me>),
    /// The server could not be reached to find out.
    Unreachable,
}

/// The coarse phase of the session, cheap to compare, so pages re-render only when it changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionPhase {
    Checking,
    LoggedOut,
    LoggedIn,
    Unreachable,
}

/// The session, provided through context.
#[derive(Clone, Copy)]
pub struct Session(RwSignal<SessionState>);

impl Session {
    pub fn phase(self) -> SessionPhase {
        self.0.with(|s| match s {
            SessionState::Checking => SessionPhase::Checking,
            SessionState::LoggedOut => SessionPhase::LoggedOut,
            // The page stays up while the partner logs in again over it.
            SessionState::LoggedIn(_) | SessionState::Expired(_) => SessionPhase::LoggedIn,
            SessionState::Unreachable => SessionPhase::Unreachable,
        })
    }

    /// The logged-in partner, if any (tracked).
    pub fn me(self) -> Option<Me> {
        self.0.with(|s| match s {
            SessionState::LoggedIn(me) | SessionState::Expired(me) => Some((**me).clone()),
            _ => None,
        })
    }

    /// The session ended under an open page (tracked).
    pub fn expired(self) -> bool {
        self.0.with(|s| matches!(s, SessionState::Expired(_)))
    }

    /// The partner logged out on purpose: no page stays.
    pub fn ended(self) {
        self.0.set(SessionState::LoggedOut);
    }

    pub fn logged_in(self, me: Me) {
        self.0.set(SessionState::LoggedIn(Box::new(me)));
    }

    /// The server says the session is gone. While a page is open it stays, under a dialog to
    /// log in again ([`SessionState::Expired`]); otherwise the login page follows.
    pub fn logged_out(self) {
        let next = self.0.with_untracked(|s| match s {
            SessionState::LoggedIn(me) | SessionState::Expired(me) => SessionState::Expired(me.clone()),
            _ => SessionState::LoggedOut,
        });
        if self.0.with_untracked(|s| *s != next) {
            self.0.set(next);
        }
    }

    /// Asks the server who is logged in, showing "checking" meanwhile.
    pub fn check(self) {
        self.0.set(SessionState::Checking);
        self.load(Some(SessionState::Unreachable));
    }

    /// Reloads the partner's details after something changed them (an accept, say); if the
    /// server cannot be reached the partner keeps what is shown.
    pub fn refresh(self) {
        self.load(None);
    }

    fn load(self, when_unreachable: Option<SessionState>) {
        spawn_local(async move {
            let next = match api::me().await {
                Ok(me) => Some(SessionState::LoggedIn(Box::new(me))),
                Err(ApiError::Unauthenticated) => {
                    self.logged_out();
                    None
                }
                Err(_) => when_unreachable,
            };
            if let Some(next) = next {
                self.0.set(next);
            }
        });
    }
}

pub fn provide_session() {
    let session = Session(RwSignal::new(SessionState::Checking));
    session.check();
    provide_context(session);
}

pub fn expect_session() -> Session {
    expect_context::<Session>()
}
