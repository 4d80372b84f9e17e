//! The command line: `serve`, `user`, `token`, over the same library calls the web layer uses.

mod decp;
mod grid;
mod ingest;
mod objections;
mod render;
mod respond;
mod search;
mod users;

use std::io::Write;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::AppState;
use crate::config::{Config, parse_size};
use crate::error::Result;
use crate::store::Store;

#[derive(Parser, Debug)]
#[command(name = "tenderdesk", version, about = "The tender response workbench")]
pub struct Cli {
    /// Data folder: SQLite database, search index, original files.
    #[arg(
        long = "data",
        global = true,
        env = "TENDERDESK_DATA",
        default_value = "data"
    )]
    pub data: PathBuf,
    /// sqlite://FILE or postgres://USER@HOST/DB (default: SQLite in the data folder).
    #[arg(
        long,
        global = true,
        env = "TENDERDESK_DATABASE_URL",
        hide_env_values = true
    )]
    pub database_url: Option<String>,
    /// Log filter: error, warn, info, debug, or per module (tenderdesk=debug,tower_http=info).
    #[arg(long, global = true, env = "TENDERDESK_LOG", default_value = "info")]
    pub log_level: String,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Start the web server (the default command).
    Serve(ServeArgs),
    /// Manage users.
    #[command(subcommand)]
    User(users::UserCommand),
    /// Manage API tokens for scripts.
    #[command(subcommand)]
    Token(users::TokenCommand),
    /// Read files (or a DCE ZIP) and store them as pieces of a tender.
    Ingest(ingest::IngestArgs),
    /// Read files and print what would be stored, storing nothing.
    Extract(ingest::ExtractArgs),
    /// Write the Word document of a tender's answer.
    Respond(respond::RespondArgs),
    /// The answer library: list blocks, import Markdown files.
    #[command(subcommand)]
    Library(respond::LibraryCommand),
    /// Comparison grids: mark the offers as the buyer would.
    #[command(subcommand)]
    Grid(grid::GridCommand),
    /// Search tenders, pieces, requirements, responses and the library.
    Search(search::SearchArgs),
    /// Rebuild the search index from the database.
    Reindex,
    /// Render a Markdown file as a Word document.
    Render(render::RenderArgs),
    /// Market intelligence: import DECP award data, list who won a buyer's or a CPV's contracts.
    #[command(subcommand)]
    Decp(decp::DecpCommand),
}

#[derive(clap::Args, Debug, Clone)]
pub struct ServeArgs {
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, env = "TENDERDESK_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: std::net::SocketAddr,
    /// Largest upload accepted: 200MB, 512k, 1G ...
    #[arg(long, env = "TENDERDESK_UPLOAD_LIMIT", default_value = "200MB", value_parser = parse_size)]
    pub upload_limit: usize,
    /// Mark cookies Secure (when users reach the server over HTTPS).
    #[arg(long, env = "TENDERDESK_SECURE_COOKIES")]
    pub secure_cookies: bool,
    /// Also load the sample tender of fixtures/ (loading it twice does not duplicate it).
    #[arg(long)]
    pub demo: bool,
}

impl Default for ServeArgs {
    fn default() -> Self {
        let d = Config::default();
        ServeArgs {
            addr: d.addr,
            upload_limit: d.upload_limit,
            secure_cookies: false,
            demo: false,
        }
    }
}

impl Cli {
    fn config(&self, serve: &ServeArgs) -> Config {
        Config {
            addr: serve.addr,
            data_dir: self.data.clone(),
            database_url: self.database_url.clone().filter(|u| !u.trim().is_empty()),
            log_level: self.log_level.clone(),
            upload_limit: serve.upload_limit,
            secure_cookies: serve.secure_cookies,
            ..Config::default()
        }
    }

    /// The store alone, for commands that do not serve.
    async fn store(&self) -> Result<Store> {
        let config = self.config(&ServeArgs::default());
        config.prepare_dirs()?;
        Store::connect(&config.database_url()).await
    }
}

/// Parses the command line and runs it.
pub async fn run() -> anyhow::Result<()> {
    let cli = Cli::parse();
    init_tracing(&cli.log_level);
    match &cli.command {
        None => serve(&cli, &ServeArgs::default()).await?,
        Some(Command::Serve(args)) => serve(&cli, args).await?,
        Some(Command::User(cmd)) => users::run_user(&cli.store().await?, cmd).await?,
        Some(Command::Token(cmd)) => users::run_token(&cli.store().await?, cmd).await?,
        Some(Command::Ingest(args)) => {
            let config = cli.config(&ServeArgs::default());
            ingest::ingest(&cli.store().await?, &config.files_dir(), args).await?
        }
        Some(Command::Extract(args)) => ingest::extract(args)?,
        Some(Command::Decp(cmd)) => decp::run(&cli.store().await?, cmd).await?,
        Some(Command::Respond(args)) => {
            let config = cli.config(&ServeArgs::default());
            respond::respond(
                &cli.store().await?,
                &crate::store::FileStore::new(&config.files_dir()),
                args,
            )
            .await?
        }
        Some(Command::Library(cmd)) => respond::library(&cli.store().await?, cmd).await?,
        Some(Command::Search(args)) => {
            let config = cli.config(&ServeArgs::default());
            search::search(&cli.store().await?, &config, args).await?
        }
        Some(Command::Reindex) => {
            let config = cli.config(&ServeArgs::default());
            search::reindex(&cli.store().await?, &config).await?
        }
        Some(Command::Grid(grid::GridCommand::Fill(args))) => {
            let config = cli.config(&ServeArgs::default());
            grid::fill(
                &cli.store().await?,
                &crate::store::FileStore::new(&config.files_dir()),
                args,
            )
            .await?
        }
        Some(Command::Grid(cmd)) => grid::run(cmd)?,
        Some(Command::Render(args)) => render::render(args)?,
    }
    Ok(())
}

fn init_tracing(level: &str) {
    // The PDF reader narrates every font it parses at info level: keep it to warnings unless
    // asked for by name.
    let directives = if level.contains("pdf_oxide") {
        level.to_string()
    } else {
        format!("{level},pdf_oxide=warn")
    };
    let filter = tracing_subscriber::EnvFilter::try_new(&directives)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,pdf_oxide=warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

async fn serve(cli: &Cli, args: &ServeArgs) -> Result<()> {
    let config = cli.config(args);
    tracing::info!(?config, "starting");
    let state = AppState::open(config.clone()).await?;
    if let Some(password) = crate::ensure_admin(&state.store).await? {
        // Shown once on the terminal, never logged.
        let mut out = std::io::stdout().lock();
        let _ = writeln!(
            out,
            "\n=================================================================\n\
             First start: an administrator account was created.\n\
             \n    user:     admin\n    password: {password}\n\n\
             This password is shown only now and must be changed at first login.\n\
             =================================================================\n"
        );
    }
    if args.demo {
        let (id, created) = crate::demo::load(&state.store).await?;
        let what = if created { "loaded" } else { "already present" };
        println!("demo tender {what}: /tenders/{id}");
    }
    let listener = tokio::net::TcpListener::bind(config.addr).await?;
    let addr = listener.local_addr()?;
    println!("tenderdesk listening on http://{addr}");
    let _ = std::io::stdout().flush();
    let store = state.store.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            tick.tick().await;
            if let Err(e) = store.delete_expired_sessions().await {
                tracing::warn!(error = %e, "could not purge expired sessions");
            }
        }
    });
    crate::serve(state, listener, shutdown_signal()).await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down");
}
