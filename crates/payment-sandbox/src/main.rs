//! `payment-sandbox --addr 127.0.0.1:8099 --secret sk_test_…`: the test card provider as its own
//! process, as the demo and the end-to-end suite run it beside `portal-api --payments`.

use clap::Parser;

#[derive(Parser)]
struct Args {
    /// Where to listen.
    #[arg(long, default_value = "127.0.0.1:8099")]
    addr: std::net::SocketAddr,
    /// The secret key the portal's adapter presents.
    #[arg(long, env = "SANDBOX_SECRET", hide_env_values = true)]
    secret: String,
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let args = Args::parse();
    let listener = tokio::net::TcpListener::bind(args.addr).await?;
    println!("Payment sandbox on http://{}", listener.local_addr()?);
    axum::serve(listener, payment_sandbox::router(&args.secret)).await
}
