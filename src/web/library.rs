//! The answer library on the web (blocks with tags, owner, review and expiry dates, images)
//! and the company settings (name, reference Word document), as pages and `/api/v1` JSON.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Multipart, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::NaiveDate;
use serde::Deserialize;

use super::page::PageCtx;
use super::{AppState, Identity, WebError};
use crate::error::Error;
use crate::model::{LibraryBlock, User};
use crate::response::expiry_state;
use crate::response::files::{check_reference_doc, image_media_type, sha256_hex};
use crate::store::{BlockInput, CompanySettings, LibraryImage};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/library", get(list).post(create_form))
        .route("/library/{id}", get(edit_page).post(update_form))
        .route("/library/{id}/delete", post(delete_form))
        .route("/library/{id}/images", post(upload_image))
        .route("/library/images/{id}", get(image))
        .route("/settings/company", get(settings).post(settings_form))
        .route("/settings/company/reference", post(upload_reference))
        .route("/api/v1/library", get(api_list).post(api_create))
        .route(
            "/api/v1/library/{id}",
            get(api_get).patch(api_update).delete(api_delete),
        )
}

/// A block with its expiry state for the page ("expired", "soon" or "").
struct BlockRow {
    b: LibraryBlock,
    state: &'static str,
    owner: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "library.html")]
struct LibraryPage {
    page: PageCtx,
    can_write: bool,
    rows: Vec<BlockRow>,
    users: Vec<User>,
}

async fn list(State(state): State<AppState>, page: PageCtx) -> Result<LibraryPage, WebError> {
    let today = chrono::Utc::now().date_naive();
    let users = state.store.list_users().await?;
    let rows = state
        .store
        .library_blocks()
        .await?
        .into_iter()
        .map(|b| BlockRow {
            state: expiry_state(b.expires, today),
            owner: b
                .owner_id
                .and_then(|o| users.iter().find(|u| u.id == o))
                .map(|u| u.name.clone())
                .unwrap_or_default(),
            b,
        })
        .collect();
    Ok(LibraryPage {
        can_write: writer(&page),
        page,
        rows,
        users,
    })
}

/// The block form: dates come as "" when left empty.
#[derive(Deserialize)]
struct BlockForm {
    title: String,
    #[serde(default)]
    body_md: String,
    #[serde(default)]
    tags: String,
    #[serde(default)]
    owner_id: String,
    #[serde(default)]
    last_reviewed: String,
    #[serde(default)]
    expires: String,
}

impl BlockForm {
    fn input(self) -> Result<BlockInput, Error> {
        let date = |v: &str, what: &str| -> Result<Option<NaiveDate>, Error> {
            match v.trim() {
                "" => Ok(None),
                d => NaiveDate::parse_from_str(d, "%Y-%m-%d")
                    .map(Some)
                    .map_err(|_| Error::Invalid(format!("{what}: not a date (YYYY-MM-DD)"))),
            }
        };
        Ok(BlockInput {
            owner_id: match self.owner_id.trim() {
                "" => None,
                v => Some(v.parse().map_err(|_| Error::Invalid("owner".into()))?),
            },
            last_reviewed: date(&self.last_reviewed, "last reviewed")?,
            expires: date(&self.expires, "expires")?,
            title: self.title,
            body_md: self.body_md,
            tags: self.tags,
        })
    }
}

async fn create_form(
    State(state): State<AppState>,
    axum::Form(form): axum::Form<BlockForm>,
) -> Result<Response, WebError> {
    let b = state.store.create_library_block(&form.input()?).await?;
    Ok(Redirect::to(&format!("/library/{}", b.id)).into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "library_block.html")]
struct BlockPage {
    page: PageCtx,
    can_write: bool,
    b: LibraryBlock,
    state: &'static str,
    preview: String,
    images: Vec<LibraryImage>,
    users: Vec<User>,
}

async fn edit_page(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<i64>,
) -> Result<BlockPage, WebError> {
    let b = state.store.library_block(id).await?;
    Ok(BlockPage {
        can_write: writer(&page),
        page,
        state: expiry_state(b.expires, chrono::Utc::now().date_naive()),
        preview: crate::response::preview_html(&b.body_md),
        images: state.store.library_images(Some(id)).await?,
        users: state.store.list_users().await?,
        b,
    })
}

impl BlockPage {
    fn owned_by(&self, user_id: &i64) -> bool {
        self.b.owner_id == Some(*user_id)
    }
}

/// Anyone but a viewer writes in the library.
fn writer(page: &PageCtx) -> bool {
    page.user.as_ref().is_some_and(|u| u.role.can_write())
}

async fn update_form(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    axum::Form(form): axum::Form<BlockForm>,
) -> Result<Response, WebError> {
    state.store.update_library_block(id, &form.input()?).await?;
    Ok(Redirect::to(&format!("/library/{id}")).into_response())
}

async fn delete_form(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    state.store.delete_library_block(id).await?;
    Ok(Redirect::to("/library").into_response())
}

/// The first file of a multipart upload: its name and bytes.
async fn first_file(mut multipart: Multipart) -> Result<(String, Vec<u8>), Error> {
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => return Err(Error::Invalid("no file in the upload".into())),
            Err(_) => return Err(Error::Invalid("the upload could not be read".into())),
        };
        let Some(name) = field.file_name().map(|n| {
            n.rsplit(['/', '\\'])
                .next()
                .unwrap_or("file")
                .chars()
                .filter(|c| !c.is_control())
                .take(200)
                .collect::<String>()
        }) else {
            continue;
        };
        let bytes = field
            .bytes()
            .await
            .map_err(|_| Error::Invalid(format!("{name}: the upload was interrupted")))?;
        return Ok((name, bytes.to_vec()));
    }
}

async fn upload_image(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    multipart: Multipart,
) -> Result<Response, WebError> {
    state.store.library_block(id).await?;
    let (name, bytes) = first_file(multipart).await?;
    let media_type = image_media_type(&name, &bytes)?;
    let sha = sha256_hex(&bytes);
    let created = state.files.put(&sha, &bytes)?;
    let size = i64::try_from(bytes.len()).unwrap_or(i64::MAX);
    if let Err(e) = state
        .store
        .add_library_image(id, &name, media_type, &sha, size)
        .await
    {
        // Nothing half-stored: the file goes when its row could not be written.
        if created {
            state.files.remove(&sha);
        }
        return Err(e.into());
    }
    Ok(Redirect::to(&format!("/library/{id}")).into_response())
}

async fn image(State(state): State<AppState>, Path(id): Path<i64>) -> Result<Response, WebError> {
    let img = state.store.library_image(id).await?;
    let bytes = state.files.get(&img.sha256)?;
    Ok((
        [
            (header::CONTENT_TYPE, img.media_type),
            (header::CACHE_CONTROL, "private, max-age=3600".to_string()),
        ],
        bytes,
    )
        .into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "response_settings.html")]
struct SettingsPage {
    page: PageCtx,
    s: CompanySettings,
}

async fn settings(
    State(state): State<AppState>,
    page: PageCtx,
    identity: Identity,
) -> Result<SettingsPage, WebError> {
    identity.require(identity.user.role.can_manage_tenders())?;
    Ok(SettingsPage {
        page,
        s: state.store.company_settings().await?,
    })
}

#[derive(Deserialize)]
struct SettingsForm {
    company_name: String,
    #[serde(default)]
    remove_reference: Option<String>,
}

async fn settings_form(
    State(state): State<AppState>,
    identity: Identity,
    axum::Form(form): axum::Form<SettingsForm>,
) -> Result<Response, WebError> {
    identity.require(identity.user.role.can_manage_tenders())?;
    state.store.set_company_name(&form.company_name).await?;
    if form.remove_reference.is_some() {
        state.store.set_reference_doc(None).await?;
    }
    Ok(Redirect::to("/settings/company").into_response())
}

async fn upload_reference(
    State(state): State<AppState>,
    identity: Identity,
    multipart: Multipart,
) -> Result<Response, WebError> {
    identity.require(identity.user.role.can_manage_tenders())?;
    let (name, bytes) = first_file(multipart).await?;
    check_reference_doc(&name, &bytes)?;
    let sha = sha256_hex(&bytes);
    let created = state.files.put(&sha, &bytes)?;
    if let Err(e) = state.store.set_reference_doc(Some((&name, &sha))).await {
        if created {
            state.files.remove(&sha);
        }
        return Err(e.into());
    }
    Ok(Redirect::to("/settings/company").into_response())
}

async fn api_list(State(state): State<AppState>) -> Result<Json<Vec<LibraryBlock>>, WebError> {
    Ok(Json(state.store.library_blocks().await?))
}

async fn api_get(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Json<serde_json::Value>, WebError> {
    let b = state.store.library_block(id).await?;
    let images = state.store.library_images(Some(id)).await?;
    let today = chrono::Utc::now().date_naive();
    Ok(Json(serde_json::json!({
        "block": b,
        "expiry": expiry_state(b.expires, today),
        "images": images.iter().map(|i| serde_json::json!({"id": i.id, "name": i.name, "address": i.address()})).collect::<Vec<_>>(),
    })))
}

async fn api_create(
    State(state): State<AppState>,
    Json(input): Json<BlockInput>,
) -> Result<Response, WebError> {
    let b = state.store.create_library_block(&input).await?;
    Ok((StatusCode::CREATED, Json(b)).into_response())
}

async fn api_update(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Json(input): Json<BlockInput>,
) -> Result<Json<LibraryBlock>, WebError> {
    Ok(Json(state.store.update_library_block(id, &input).await?))
}

async fn api_delete(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<StatusCode, WebError> {
    state.store.delete_library_block(id).await?;
    Ok(StatusCode::NO_CONTENT)
}
