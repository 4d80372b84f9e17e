//! Files in and out of the browser: downloads with a safe Content-Disposition, and uploads
//! read from a multipart form (files and plain fields).

use axum::extract::Multipart;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::WebError;
use super::error::ErrorInfo;
use crate::error::Error;

pub const XLSX: &str = crate::ingest::XLSX_TYPE;
pub const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// `bytes` as a file to save: an ASCII name for old clients, the UTF-8 name for the others.
pub fn attachment(file_name: &str, media_type: &str, bytes: Vec<u8>) -> Response {
    let ascii: String = file_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded = super::auth::encode_component(file_name);
    let disposition = format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}");
    (
        [
            (header::CONTENT_TYPE, media_type.to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response()
}

/// A refusal with its status, rendered for its audience (HTML page or API JSON) by the
/// error layer.
pub fn error_response(status: StatusCode, code: &'static str, message: &str) -> Response {
    let mut resp = status.into_response();
    resp.extensions_mut().insert(ErrorInfo {
        code,
        message: message.to_string(),
    });
    resp
}

/// A file name from a browser, without its folders or control characters.
pub fn sanitize_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let clean: String = base.chars().filter(|c| !c.is_control()).take(200).collect();
    if clean.trim().is_empty() || clean == "." || clean == ".." {
        "fichier".into()
    } else {
        clean
    }
}

/// What a multipart form sent: its files (name, bytes) and its other fields.
#[derive(Debug, Default)]
pub struct Upload {
    pub files: Vec<(String, Vec<u8>)>,
    pub fields: Vec<(String, String)>,
}

impl Upload {
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The one file a form sends, or a clear refusal.
    pub fn single_file(mut self) -> Result<(String, Vec<u8>), WebError> {
        match self.files.len() {
            1 => self
                .files
                .pop()
                .ok_or_else(|| Error::Invalid("no file in the upload".into()).into()),
            0 => Err(Error::Invalid("no file in the upload".into()).into()),
            _ => Err(Error::Invalid("send one file at a time".into()).into()),
        }
    }
}

/// Reads a whole multipart form. The error is a response to send as it is: 413 for a file
/// over the body limit, 422 for a broken form.
pub async fn read_upload(mut multipart: Multipart) -> Result<Upload, Response> {
    let mut upload = Upload::default();
    let too_large = |name: &str| {
        error_response(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            &format!("{name}: larger than the upload limit"),
        )
    };
    let broken = |what: &str| WebError::from(Error::Invalid(what.into())).into_response();
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return Err(too_large("upload"));
            }
            Err(_) => return Err(broken("the upload could not be read")),
        };
        let file_name = field.file_name().map(sanitize_name);
        let field_name = field.name().unwrap_or_default().to_string();
        let bytes = match field.bytes().await {
            Ok(b) => b.to_vec(),
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return Err(too_large(file_name.as_deref().unwrap_or("upload")));
            }
            Err(_) => return Err(broken("the upload was interrupted")),
        };
        match file_name {
            Some(name) if !bytes.is_empty() => upload.files.push((name, bytes)),
            Some(_) => {}
            None => upload
                .fields
                .push((field_name, String::from_utf8_lossy(&bytes).into_owned())),
        }
    }
    Ok(upload)
}
