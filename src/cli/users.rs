//! `tenderdesk user ...` and `tenderdesk token ...`.

use std::io::BufRead;

use clap::Subcommand;

use crate::auth::hash_password;
use crate::error::{Error, Result};
use crate::model::Role;
use crate::store::Store;

#[derive(Subcommand, Debug)]
pub enum UserCommand {
    /// Add a user; the password is read from standard input (one line).
    Add {
        #[arg(long)]
        name: String,
        /// admin, bid_manager, contributor or viewer.
        #[arg(long)]
        role: Role,
        /// Read the password from standard input (required: never on the command line).
        #[arg(long, required = true)]
        password_stdin: bool,
    },
    /// List users.
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum TokenCommand {
    /// Create an API token (printed once) for scripts: `Authorization: Bearer TOKEN`.
    Create {
        /// What the token is for.
        #[arg(long)]
        name: String,
        /// The user the token acts as.
        #[arg(long, default_value = "admin")]
        user: String,
    },
}

pub async fn run_user(store: &Store, cmd: &UserCommand) -> Result<()> {
    match cmd {
        UserCommand::Add { name, role, .. } => {
            let mut line = String::new();
            std::io::stdin().lock().read_line(&mut line)?;
            let password = line.trim_end_matches(['\n', '\r']);
            let user = store
                .create_user(name, *role, &hash_password(password)?, false)
                .await?;
            store
                .audit(None, "user_added", &user.name, role.as_str(), Some("cli"))
                .await?;
            println!("user {} added ({})", user.name, user.role);
        }
        UserCommand::List { json } => {
            let users = store.list_users().await?;
            if *json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&users)
                        .map_err(|e| Error::Internal(e.to_string()))?
                );
            } else {
                for u in users {
                    let flags = if u.disabled { " (disabled)" } else { "" };
                    println!("{}\t{}\t{}{flags}", u.id, u.name, u.role);
                }
            }
        }
    }
    Ok(())
}

pub async fn run_token(store: &Store, cmd: &TokenCommand) -> Result<()> {
    match cmd {
        TokenCommand::Create { name, user } => {
            let Some((user, _)) = store.user_for_login(user).await? else {
                return Err(Error::NotFound("user"));
            };
            let token = store.create_api_token(user.id, name).await?;
            store
                .audit(Some(user.id), "token_created", name, "", Some("cli"))
                .await?;
            println!("{}", token.token);
        }
    }
    Ok(())
}
