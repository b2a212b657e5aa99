use std::process::ExitCode;

fn main() -> ExitCode {
    claimlint::cli::main()
}
