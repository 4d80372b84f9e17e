//! The answer library (reusable Markdown blocks with tags, owner, review and expiry dates, and
//! images kept in the file store) and the company's settings (name, reference Word document).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::{Store, on_pool};
use crate::error::{Error, Result};
use crate::model::LibraryBlock;

const BLOCK_COLUMNS: &str =
    "id, title, body_md, tags, owner_id, last_reviewed, expires, updated_at";

/// What a user writes in a block.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct BlockInput {
    pub title: String,
    #[serde(default)]
    pub body_md: String,
    #[serde(default)]
    pub tags: String,
    pub owner_id: Option<i64>,
    pub last_reviewed: Option<NaiveDate>,
    pub expires: Option<NaiveDate>,
}

/// An image attached to a block; its bytes are in the file store under `sha256`.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct LibraryImage {
    pub id: i64,
    pub block_id: i64,
    pub name: String,
    pub media_type: String,
    pub sha256: String,
    pub size_bytes: i64,
    pub created_at: DateTime<Utc>,
}

impl LibraryImage {
    /// The address sections use to show the image (`![alt](/library/images/ID)`); the Word
    /// document resolves the same address.
    pub fn address(&self) -> String {
        format!("/library/images/{}", self.id)
    }
}

/// The company answering tenders: its name on covers, its reference document for the look.
#[derive(Debug, Clone, Default, Serialize, sqlx::FromRow)]
pub struct CompanySettings {
    pub company_name: String,
    pub reference_doc_name: Option<String>,
    pub reference_doc_sha256: Option<String>,
}

/// Tags as stored: lower case, trimmed, comma-separated, no duplicates.
pub fn normalize_tags(tags: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    for t in tags.split([',', ';']) {
        let t = t.trim().to_lowercase();
        if !t.is_empty() && !out.contains(&t) {
            out.push(t);
        }
    }
    out.join(", ")
}

fn checked(input: &BlockInput) -> Result<()> {
    let title = input.title.trim();
    if title.is_empty() || title.chars().count() > 300 {
        return Err(Error::Invalid(
            "a block needs a title of 1 to 300 characters".into(),
        ));
    }
    if input.body_md.chars().count() > crate::response::MAX_SECTION_CHARS {
        return Err(Error::Invalid("the block's text is too long".into()));
    }
    if input.tags.chars().count() > 1000 {
        return Err(Error::Invalid("too many tags".into()));
    }
    Ok(())
}

impl Store {
    /// Every block, by title.
    pub async fn library_blocks(&self) -> Result<Vec<LibraryBlock>> {
        Ok(
            on_pool!(self, pool => sqlx::query_as::<_, LibraryBlock>(sqlx::AssertSqlSafe(format!(
            "SELECT {BLOCK_COLUMNS} FROM library_blocks ORDER BY title, id")))
            .fetch_all(pool).await)?,
        )
    }

    pub async fn library_block(&self, id: i64) -> Result<LibraryBlock> {
        on_pool!(self, pool => sqlx::query_as::<_, LibraryBlock>(sqlx::AssertSqlSafe(format!(
            "SELECT {BLOCK_COLUMNS} FROM library_blocks WHERE id = $1")))
            .bind(id).fetch_optional(pool).await)?
        .ok_or(Error::NotFound("block"))
    }

    pub async fn create_library_block(&self, input: &BlockInput) -> Result<LibraryBlock> {
        checked(input)?;
        let id = on_pool!(self, pool => sqlx::query_scalar::<_, i64>(
            "INSERT INTO library_blocks (title, body_md, tags, owner_id, last_reviewed, expires, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id")
            .bind(input.title.trim()).bind(&input.body_md).bind(normalize_tags(&input.tags))
            .bind(input.owner_id).bind(input.last_reviewed).bind(input.expires).bind(Utc::now())
            .fetch_one(pool).await)?;
        self.library_block(id).await
    }

    pub async fn update_library_block(&self, id: i64, input: &BlockInput) -> Result<LibraryBlock> {
        checked(input)?;
        let n = on_pool!(self, pool => sqlx::query(
            "UPDATE library_blocks SET title = $1, body_md = $2, tags = $3, owner_id = $4, last_reviewed = $5,
                 expires = $6, updated_at = $7 WHERE id = $8")
            .bind(input.title.trim()).bind(&input.body_md).bind(normalize_tags(&input.tags))
            .bind(input.owner_id).bind(input.last_reviewed).bind(input.expires).bind(Utc::now()).bind(id)
            .execute(pool).await.map(|r| r.rows_affected()))?;
        if n == 0 {
            return Err(Error::NotFound("block"));
        }
        self.library_block(id).await
    }

    /// Deletes a block and its images' rows (the files stay: another block may share them).
    pub async fn delete_library_block(&self, id: i64) -> Result<()> {
        let n = on_pool!(self, pool => sqlx::query("DELETE FROM library_blocks WHERE id = $1")
            .bind(id).execute(pool).await.map(|r| r.rows_affected()))?;
        if n == 0 {
            return Err(Error::NotFound("block"));
        }
        Ok(())
    }

    pub async fn add_library_image(
        &self,
        block_id: i64,
        name: &str,
        media_type: &str,
        sha256: &str,
        size: i64,
    ) -> Result<LibraryImage> {
        self.library_block(block_id).await?;
        let name: String = name.trim().chars().take(200).collect();
        let id = on_pool!(self, pool => sqlx::query_scalar::<_, i64>(
            "INSERT INTO library_images (block_id, name, media_type, sha256, size_bytes, created_at)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id")
            .bind(block_id).bind(&name).bind(media_type).bind(sha256).bind(size).bind(Utc::now())
            .fetch_one(pool).await)?;
        self.library_image(id).await
    }

    pub async fn library_image(&self, id: i64) -> Result<LibraryImage> {
        on_pool!(self, pool => sqlx::query_as::<_, LibraryImage>(
            "SELECT id, block_id, name, media_type, sha256, size_bytes, created_at FROM library_images WHERE id = $1")
            .bind(id).fetch_optional(pool).await)?
        .ok_or(Error::NotFound("image"))
    }

    /// The images of one block, or of every block when `block_id` is None.
    pub async fn library_images(&self, block_id: Option<i64>) -> Result<Vec<LibraryImage>> {
        Ok(on_pool!(self, pool => sqlx::query_as::<_, LibraryImage>(
            "SELECT id, block_id, name, media_type, sha256, size_bytes, created_at FROM library_images
             WHERE CAST($1 AS BIGINT) IS NULL OR block_id = $1 ORDER BY id")
            .bind(block_id).fetch_all(pool).await)?)
    }

    pub async fn company_settings(&self) -> Result<CompanySettings> {
        Ok(on_pool!(self, pool => sqlx::query_as::<_, CompanySettings>(
            "SELECT company_name, reference_doc_name, reference_doc_sha256 FROM company_settings WHERE id = 1")
            .fetch_optional(pool).await)?
        .unwrap_or_default())
    }

    pub async fn set_company_name(&self, name: &str) -> Result<()> {
        let name = name.trim();
        if name.chars().count() > 300 {
            return Err(Error::Invalid(
                "a company name has at most 300 characters".into(),
            ));
        }
        on_pool!(self, pool => sqlx::query(
            "INSERT INTO company_settings (id, company_name, updated_at) VALUES (1, $1, $2)
             ON CONFLICT (id) DO UPDATE SET company_name = $1, updated_at = $2")
            .bind(name).bind(Utc::now()).execute(pool).await.map(|_| ()))?;
        Ok(())
    }

    /// Records the reference document (its bytes already in the file store); None removes it.
    pub async fn set_reference_doc(&self, doc: Option<(&str, &str)>) -> Result<()> {
        let (name, sha) = match doc {
            Some((n, s)) => (Some(n.chars().take(200).collect::<String>()), Some(s)),
            None => (None, None),
        };
        on_pool!(self, pool => sqlx::query(
            "INSERT INTO company_settings (id, reference_doc_name, reference_doc_sha256, updated_at) VALUES (1, $1, $2, $3)
             ON CONFLICT (id) DO UPDATE SET reference_doc_name = $1, reference_doc_sha256 = $2, updated_at = $3")
            .bind(name).bind(sha).bind(Utc::now()).execute(pool).await.map(|_| ()))?;
        Ok(())
    }
}
