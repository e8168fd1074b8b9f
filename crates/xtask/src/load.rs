//! The API board under load, measured from a process of its own (never inside the server's):
//! the server built with the `server` profile on a fresh demo database, jobs posted through the
//! operator API until the established demo partner (a real history, so a real score and bonus)
//! has 1,000 and then 10,000 matching jobs, and 16 keep-alive clients asking for its board for
//! about 10 s per case. Plain std: threads and HTTP/1.1 over `TcpStream`. Prints figures, never
//! asserts them.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use chrono::{Days, NaiveDate, Utc};

use crate::root;

/// Concurrent clients, each with a session and a connection of its own.
const CLIENTS: usize = 16;
/// How long each case runs.
const RUN: Duration = Duration::from_secs(10);
/// The established partner's board is filled to these sizes, in turn.
const BOARD_SIZES: [u32; 2] = [1_000, 10_000];
/// The pages asked for at each size.
const PAGE_LIMITS: [u32; 2] = [50, 1];
/// Connections posting jobs at once.
const POSTERS: u32 = 8;
/// The demo partner whose board is measured, and the demo password.
const PARTNER: &str = "established@demo.example";
const DEMO_PASSWORD: &str = "portal-demo";
/// Jobs this partner's capabilities match (the same kinds the SPA filter benchmark posts):
/// (process, material, finish).
const KINDS: [(&str, &str, &str); 4] = [
    ("cnc_milling", "aluminum_6061", "as_machined"),
    ("cnc_turning", "brass_360", "polished"),
    ("sheet_metal", "steel_1018", "powder_coated"),
    ("sls", "nylon_pa12", "as_printed"),
];

/// `cargo xtask bench` (and `cargo xtask load`): builds and starts the server, fills the board,
/// measures, stops the server.
pub fn board() -> Result<(), String> {
    crate::run("build the server", crate::cmd("cargo").args(["build", "-p", "portal-api", "--profile", "server"]))?;
    let db_dir = root().join("target/bench-load-db");
    let _ = std::fs::remove_dir_all(&db_dir);
    std::fs::create_dir_all(&db_dir).map_err(|e| e.to_string())?;
    let port =
        std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map_err(|e| e.to_string())?.port();
    let addr = format!("127.0.0.1:{port}");
    let token = format!("load-{port}-{}", std::process::id());
    let log = std::fs::File::create(db_dir.join("server.log")).map_err(|e| e.to_string())?;
    let server = crate::cmd(&root().join("target/server/portal-api").to_string_lossy())
        .args(["--addr", &addr, "--db", &db_dir.join("portal.db").to_string_lossy(), "--dist", "dist", "--demo"])
        .env("PORTAL_OPERATOR_TOKEN", &token)
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .map_err(|e| format!("starting the server: {e}"))?;
    let server = Running(server);
    crate::wait_until_up(&addr)?;
    let result = measure(&addr, &token, server.0.id());
    drop(server);
    result
}

/// Stops the server however the measuring ends.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn measure(addr: &str, token: &str, server_pid: u32) -> Result<(), String> {
    println!("\n==> API board under load ({CLIENTS} clients, {} s per case, separate process)", RUN.as_secs());
    let sessions: Vec<String> = (0..CLIENTS).map(|_| login(addr)).collect::<Result<_, _>>()?;
    let mut posted = 0;
    for size in BOARD_SIZES {
        let before = board_total(addr, &sessions[0])?;
        if before < size {
            let started = Instant::now();
            post_jobs(addr, token, posted, size - before)?;
            posted += size - before;
            println!(
                "posted {} jobs through the operator API in {:.1} s",
                size - before,
                started.elapsed().as_secs_f64()
            );
        }
        let total = board_total(addr, &sessions[0])?;
        for limit in PAGE_LIMITS {
            let cpu_before = cpu_ticks(server_pid);
            let figures = hammer(addr, &sessions, &format!("/api/v1/jobs?limit={limit}"))?;
            // The server's own CPU time per request: a figure the other processes on the machine
            // (this one included) do not change, unlike the latencies.
            let cpu = match (cpu_before, cpu_ticks(server_pid)) {
                (Some(a), Some(b)) if !figures.latencies.is_empty() => format!(
                    "; server CPU {:.3} ms a request",
                    (b - a) as f64 * 1000.0 / TICKS_PER_SECOND / figures.latencies.len() as f64
                ),
                _ => String::new(),
            };
            println!("board of {total} matching jobs, limit={limit}: {figures}{cpu}");
        }
    }
    Ok(())
}

/// Linux counts a process's CPU time in these (`USER_HZ`, 100 on every usual build).
const TICKS_PER_SECOND: f64 = 100.0;

/// User and system CPU time of a process so far, in ticks (Linux `/proc`; `None` elsewhere).
fn cpu_ticks(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the command name (which may hold spaces, so split after its closing paren):
    // state is the 3rd field of the line, utime the 14th and stime the 15th.
    let mut fields = stat.rsplit_once(')')?.1.split_whitespace().skip(11);
    let user: u64 = fields.next()?.parse().ok()?;
    let system: u64 = fields.next()?.parse().ok()?;
    Some(user + system)
}

/// What one case measured.
struct Figures {
    latencies: Vec<Duration>,
    elapsed: Duration,
    bytes: usize,
}

impl std::fmt::Display for Figures {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.latencies.len();
        let ms = |p: f64| {
            let i = ((n.saturating_sub(1)) as f64 * p).round() as usize;
            self.latencies.get(i).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
        };
        write!(
            f,
            "{n} requests, {:.0} req/s; p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms; {} bytes a page",
            n as f64 / self.elapsed.as_secs_f64(),
            ms(0.50),
            ms(0.99),
            ms(1.0),
            self.bytes / n.max(1),
        )
    }
}

/// One client per session, each on its own keep-alive connection, asking for `path` for `RUN`.
fn hammer(addr: &str, sessions: &[String], path: &str) -> Result<Figures, String> {
    let started = Instant::now();
    let threads: Vec<_> = sessions
        .iter()
        .map(|cookie| {
            let (addr, path, cookie) = (addr.to_owned(), path.to_owned(), cookie.clone());
            std::thread::spawn(move || -> Result<(Vec<Duration>, usize), String> {
                let mut conn = Conn::open(&addr)?;
                let headers = [("Cookie", cookie.as_str())];
                let (mut latencies, mut bytes) = (Vec::new(), 0);
                while started.elapsed() < RUN {
                    let t = Instant::now();
                    let res = conn.send("GET", &path, &headers, "")?;
                    latencies.push(t.elapsed());
                    if res.status != 200 {
                        return Err(format!("GET {path}: {} {}", res.status, res.text()));
                    }
                    bytes += res.body.len();
                }
                Ok((latencies, bytes))
            })
        })
        .collect();
    let mut figures = Figures { latencies: Vec::new(), elapsed: Duration::ZERO, bytes: 0 };
    for t in threads {
        let (latencies, bytes) = t.join().map_err(|_| "a client thread panicked".to_owned())??;
        figures.latencies.extend(latencies);
        figures.bytes += bytes;
    }
    figures.elapsed = started.elapsed();
    figures.latencies.sort();
    Ok(figures)
}

/// Logs the partner in through `POST /api/v1/session`: the session cookie (`name=value`).
fn login(addr: &str) -> Result<String, String> {
    let body = format!(r#"{{"email":"{PARTNER}","password":"{DEMO_PASSWORD}"}}"#);
    let res = Conn::open(addr)?.send(
        "POST",
        "/api/v1/session",
        &[("Content-Type", "application/json"), ("X-Requested-With", "partner-portal")],
        &body,
    )?;
    if res.status != 200 {
        return Err(format!("logging in as {PARTNER}: {} {}", res.status, res.text()));
    }
    res.header("set-cookie")
        .and_then(|c| c.split(';').next())
        .map(str::to_owned)
        .ok_or_else(|| "the login set no cookie".to_owned())
}

/// How many jobs the partner's board holds now (`total` of a one-job page).
fn board_total(addr: &str, cookie: &str) -> Result<u32, String> {
    let res = Conn::open(addr)?.send("GET", "/api/v1/jobs?limit=1", &[("Cookie", cookie)], "")?;
    let text = res.text();
    if res.status != 200 {
        return Err(format!("reading the board: {} {text}", res.status));
    }
    // The board's own total follows its jobs (whose bonuses have totals of their own).
    let at = text.rfind("\"total\":").ok_or("the board has no total")? + "\"total\":".len();
    let digits: String = text[at..].chars().take_while(char::is_ascii_digit).collect();
    digits.parse().map_err(|e| format!("the board's total: {e}"))
}

/// Posts `count` jobs the partner matches, numbered from `first`, on `POSTERS` connections.
fn post_jobs(addr: &str, token: &str, first: u32, count: u32) -> Result<(), String> {
    let today = Utc::now().date_naive();
    let threads: Vec<_> = (0..POSTERS)
        .map(|p| {
            let (addr, auth) = (addr.to_owned(), format!("Bearer {token}"));
            std::thread::spawn(move || -> Result<(), String> {
                let mut conn = Conn::open(&addr)?;
                for i in (first..first + count).skip(p as usize).step_by(POSTERS as usize) {
                    let body = new_job(i, today);
                    let headers = [("Authorization", auth.as_str()), ("Content-Type", "application/json")];
                    let res = conn.send("POST", "/api/v1/operator/jobs", &headers, &body)?;
                    if res.status != 201 {
                        return Err(format!("posting job {i}: {} {}", res.status, res.text()));
                    }
                }
                Ok(())
            })
        })
        .collect();
    for t in threads {
        t.join().map_err(|_| "a posting thread panicked".to_owned())??;
    }
    Ok(())
}

/// The operator API's body for job `i`: varied kind, size, quantity, price and ship date.
fn new_job(i: u32, today: NaiveDate) -> String {
    let (process, material, finish) = KINDS[i as usize % KINDS.len()];
    let price = 10_000 + (u64::from(i) * 7_919) % 900_000;
    let ship_by = today + Days::new(10 + u64::from(i % 20));
    format!(
        r#"{{"reference":"LOAD-{i}","part_name":"Load part {i}","requirements":{{"process":"{process}","material":"{material}","finish":"{finish}","certifications":[],"part_size":{{"x_mm":{},"y_mm":40,"z_mm":30}}}},"quantity":{},"price":{{"amount_minor":{price},"currency":"USD"}},"ship_by":"{ship_by}"}}"#,
        50 + i % 100,
        1 + i % 200,
    )
}

/// One HTTP/1.1 keep-alive connection.
struct Conn {
    reader: BufReader<TcpStream>,
    host: String,
}

struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

impl Conn {
    fn open(addr: &str) -> Result<Conn, String> {
        let stream = TcpStream::connect(addr).map_err(|e| format!("connecting to {addr}: {e}"))?;
        stream.set_nodelay(true).map_err(|e| e.to_string())?;
        stream.set_read_timeout(Some(Duration::from_secs(60))).map_err(|e| e.to_string())?;
        Ok(Conn { reader: BufReader::new(stream), host: addr.to_owned() })
    }

    fn send(&mut self, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> Result<Answer, String> {
        let mut request = format!("{method} {path} HTTP/1.1\r\nHost: {}\r\n", self.host);
        for (name, value) in headers {
            request.push_str(&format!("{name}: {value}\r\n"));
        }
        request.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
        let io = |e: std::io::Error| format!("{method} {path}: {e}");
        self.reader.get_mut().write_all(request.as_bytes()).map_err(io)?;
        let mut line = String::new();
        self.reader.read_line(&mut line).map_err(io)?;
        let status = line
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| format!("{method} {path}: not an HTTP answer: {line:?}"))?;
        let mut headers = Vec::new();
        loop {
            line.clear();
            self.reader.read_line(&mut line).map_err(io)?;
            let l = line.trim_end();
            if l.is_empty() {
                break;
            }
            if let Some((name, value)) = l.split_once(':') {
                headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
            }
        }
        let mut answer = Answer { status, headers, body: Vec::new() };
        if answer.header("transfer-encoding").is_some_and(|t| t.eq_ignore_ascii_case("chunked")) {
            self.read_chunks(&mut answer.body).map_err(io)?;
        } else {
            let len: usize = answer.header("content-length").and_then(|l| l.parse().ok()).unwrap_or(0);
            answer.body.resize(len, 0);
            self.reader.read_exact(&mut answer.body).map_err(io)?;
        }
        Ok(answer)
    }

    fn read_chunks(&mut self, body: &mut Vec<u8>) -> std::io::Result<()> {
        let mut line = String::new();
        loop {
            line.clear();
            self.reader.read_line(&mut line)?;
            let size = usize::from_str_radix(line.trim().split(';').next().unwrap_or("0"), 16)
                .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
            let start = body.len();
            body.resize(start + size, 0);
            self.reader.read_exact(&mut body[start..])?;
            line.clear();
            self.reader.read_line(&mut line)?;
            if size == 0 {
                return Ok(());
            }
        }
    }
}
