//! Serving connections within limits (issue 16). `axum::serve` sets no timer, so a client that
//! sends half a request header, or opens a connection and says nothing, held it forever, and one
//! such connection kept a graceful shutdown waiting forever. Here:
//! - a request's header must arrive within `header_read` of the connection waiting for it, which
//!   is also the idle limit of a kept-alive connection between requests (hyper starts the same
//!   timer when it waits for the next request);
//! - a request body that sends nothing for `body_idle` fails;
//! - on shutdown the server stops accepting, lets requests in flight finish (a write in its
//!   transaction commits) and closes idle connections, and after `shutdown_deadline` drops
//!   whatever is left (a slow client, an event stream).

use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tower::Service;
use tower_http::timeout::RequestBodyTimeoutLayer;

/// The limits of [`serve`].
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub header_read: Duration,
    pub body_idle: Duration,
    pub shutdown_deadline: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            header_read: Duration::from_secs(10),
            // An upload from a tablet on weak Wi-Fi may pause; 20 s of nothing is a dead client.
            body_idle: Duration::from_secs(20),
            shutdown_deadline: Duration::from_secs(10),
        }
    }
}

/// Serves `app` on `listener` (with each connection's peer address as `ConnectInfo`) until
/// `shutdown` completes, then shuts down within `limits.shutdown_deadline`.
pub async fn serve(listener: TcpListener, app: Router, limits: Limits, shutdown: impl Future<Output = ()>) {
    let mut make = app.into_make_service_with_connect_info::<SocketAddr>();
    // HTTP/1.1 only: browsers speak HTTP/2 only over TLS, which a proxy in front ends; and
    // sniffing for HTTP/2 would wait for a silent client's first byte with no timer running.
    let mut builder = http1::Builder::new();
    builder.timer(TokioTimer::new()).header_read_timeout(limits.header_read);
    let graceful = GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                // Out of file descriptors and the like: wait a moment rather than spin.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let Ok(router) = make.call(peer).await;
        let service =
            tower::ServiceBuilder::new().layer(RequestBodyTimeoutLayer::new(limits.body_idle)).service(router);
        let connection = builder.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            let _ = connection.await;
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(limits.shutdown_deadline) => {
            tracing::warn!("shutdown deadline reached: closing the connections still open");
        }
    }
}
