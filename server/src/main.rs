use clap::Parser;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let command = server::cli::Cli::parse();
    server::cli::init_tracing();
    match server::cli::run(command).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("{e:#}");
            eprintln!("错误：{e}");
            std::process::ExitCode::FAILURE
        }
    }
}
