//! Go / no-go of a tender (scorecard, decision, rationale, history), its result and debrief,
//! the scorecard's weights, and the IPO / IPA matrix of open opportunities.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use serde::{Deserialize, Serialize};

use super::super::page::PageCtx;
use super::super::{AppState, Identity, WebError};
use crate::error::Error;
use crate::model::{Money, Tender};
use crate::pipeline::matrix::{self, Placement, Quadrant};
use crate::pipeline::scorecard::{self, CRITERIA, Decision, GoCriterion};
use crate::pipeline::svg::{self, Dot};
use crate::store::{Review, TenderResult};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/tenders/{id}/gonogo", get(page).post(review_from_form))
        .route("/tenders/{id}/result", post(result_from_form))
        .route("/pipeline/weights", post(weights_from_form))
        .route("/pipeline/matrix", get(matrix_page))
        .route(
            "/api/v1/tenders/{id}/gonogo",
            get(api_reviews).post(api_review),
        )
        .route("/api/v1/pipeline/matrix", get(api_matrix))
}

/// The tender, when the user may read it (a hidden tender is "not found").
pub(in crate::web) async fn readable_tender(
    state: &AppState,
    identity: &Identity,
    id: i64,
) -> Result<Tender, WebError> {
    if !state.store.can_read_tender(&identity.user, id).await? {
        return Err(Error::NotFound("tender").into());
    }
    Ok(state.store.get_tender(id).await?)
}

/// A criterion row of the scorecard form.
pub struct CriterionRow {
    pub code: &'static str,
    pub label: &'static str,
    pub weight: u32,
    pub mark: u8,
}

#[derive(Template, WebTemplate)]
#[template(path = "gonogo.html")]
struct GoNoGoPage {
    page: PageCtx,
    tender: Tender,
    rows: Vec<CriterionRow>,
    risk_from_objections: Option<u8>,
    strategic: u8,
    reviews: Vec<Review>,
    decisions: &'static [Decision],
    result: Option<TenderResult>,
    /// What to ask the buyer for when pricing.
    advice: Vec<crate::pipeline::advice::Advised>,
}

impl GoNoGoPage {
    fn decision_label(&self, d: &Decision) -> &'static str {
        d.label(self.page.l)
    }
    fn money(&self, cents: &Option<i64>) -> String {
        cents.map(|c| Money(c).to_french()).unwrap_or_default()
    }
}

async fn page(
    State(state): State<AppState>,
    identity: Identity,
    page: PageCtx,
    Path(id): Path<i64>,
) -> Result<GoNoGoPage, WebError> {
    let tender = readable_tender(&state, &identity, id).await?;
    let weights = state.store.gonogo_weights().await?;
    let reviews = state.store.gonogo_reviews(id).await?;
    let risk = scorecard::risk_from_objections(&state.store.objection_priorities(id).await?);
    // Start from the latest review, else the middle, with the risk the objections suggest.
    let mut marks = reviews.first().map(|r| r.marks).unwrap_or([3; CRITERIA]);
    if reviews.is_empty()
        && let (Some(r), Some(slot)) = (risk, marks.last_mut())
    {
        *slot = r;
    }
    let rows = GoCriterion::ALL
        .iter()
        .zip(weights)
        .zip(marks)
        .map(|((c, weight), mark)| CriterionRow {
            code: c.as_str(),
            label: c.label(page.l),
            weight,
            mark,
        })
        .collect();
    Ok(GoNoGoPage {
        strategic: state.store.strategic_value(id).await?.unwrap_or(3),
        result: state.store.tender_result(id).await?,
        advice: super::super::accounts::tender_advice(&state, &identity, id).await?,
        rows,
        risk_from_objections: risk,
        reviews,
        decisions: Decision::ALL,
        tender,
        page,
    })
}

/// The scorecard as a form or a script sends it.
#[derive(Deserialize, Serialize)]
struct ReviewInput {
    fit: u8,
    capacity: u8,
    relationship: u8,
    competition: u8,
    margin: u8,
    risk: u8,
    #[serde(default)]
    strategic: Option<u8>,
    decision: Decision,
    rationale: String,
}

async fn record(
    state: &AppState,
    identity: &Identity,
    id: i64,
    input: &ReviewInput,
) -> Result<Review, WebError> {
    identity.require(identity.user.role.can_manage_tenders())?;
    readable_tender(state, identity, id).await?;
    let marks = [
        input.fit,
        input.capacity,
        input.relationship,
        input.competition,
        input.margin,
        input.risk,
    ];
    let review = state
        .store
        .add_gonogo_review(
            id,
            &marks,
            input.decision,
            &input.rationale,
            Some(identity.user.id),
        )
        .await?;
    if let Some(s) = input.strategic {
        state.store.set_strategic_value(id, s).await?;
    }
    state
        .store
        .audit(
            Some(identity.user.id),
            "gonogo_review",
            &format!("tender:{id}"),
            &format!("{} {}", review.decision, review.score),
            None,
        )
        .await?;
    Ok(review)
}

async fn review_from_form(
    State(state): State<AppState>,
    identity: Identity,
    Path(id): Path<i64>,
    Form(input): Form<ReviewInput>,
) -> Result<Response, WebError> {
    record(&state, &identity, id, &input).await?;
    Ok(Redirect::to(&format!("/tenders/{id}/gonogo")).into_response())
}

async fn api_review(
    State(state): State<AppState>,
    identity: Identity,
    Path(id): Path<i64>,
    Json(input): Json<ReviewInput>,
) -> Result<Response, WebError> {
    let review = record(&state, &identity, id, &input).await?;
    Ok((StatusCode::CREATED, Json(review)).into_response())
}

async fn api_reviews(
    State(state): State<AppState>,
    identity: Identity,
    Path(id): Path<i64>,
) -> Result<Json<Vec<Review>>, WebError> {
    readable_tender(&state, &identity, id).await?;
    Ok(Json(state.store.gonogo_reviews(id).await?))
}

#[derive(Deserialize)]
struct ResultInput {
    outcome: String,
    #[serde(default)]
    price: Option<String>,
    #[serde(default)]
    rank: Option<String>,
    #[serde(default)]
    reasons: String,
}

async fn result_from_form(
    State(state): State<AppState>,
    identity: Identity,
    Path(id): Path<i64>,
    Form(input): Form<ResultInput>,
) -> Result<Response, WebError> {
    identity.require(identity.user.role.can_manage_tenders())?;
    readable_tender(&state, &identity, id).await?;
    let won = match input.outcome.as_str() {
        "gagne" => true,
        "perdu" => false,
        _ => return Err(Error::Invalid("the outcome is gagne or perdu".into()).into()),
    };
    let price = input
        .price
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(Money::parse)
        .transpose()
        .map_err(Error::from)?;
    let rank = input
        .rank
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(|r| {
            r.parse::<i32>()
                .map_err(|_| Error::Invalid("rank is a number".into()))
        })
        .transpose()?;
    state
        .store
        .set_result(id, won, price.map(Money::cents), rank, &input.reasons)
        .await?;
    state
        .store
        .audit(
            Some(identity.user.id),
            "tender_result",
            &format!("tender:{id}"),
            &input.outcome,
            None,
        )
        .await?;
    Ok(Redirect::to(&format!("/tenders/{id}/gonogo")).into_response())
}

#[derive(Deserialize)]
struct WeightsInput {
    fit: u32,
    capacity: u32,
    relationship: u32,
    competition: u32,
    margin: u32,
    risk: u32,
    #[serde(default)]
    back: Option<i64>,
}

async fn weights_from_form(
    State(state): State<AppState>,
    identity: Identity,
    Form(w): Form<WeightsInput>,
) -> Result<Response, WebError> {
    identity.require(identity.user.role.can_manage_tenders())?;
    let weights = [
        w.fit,
        w.capacity,
        w.relationship,
        w.competition,
        w.margin,
        w.risk,
    ];
    state.store.set_gonogo_weights(&weights).await?;
    state
        .store
        .audit(
            Some(identity.user.id),
            "gonogo_weights",
            "pipeline",
            &format!("{weights:?}"),
            None,
        )
        .await?;
    let to = match w.back {
        Some(id) => format!("/tenders/{id}/gonogo"),
        None => "/pipeline/matrix".into(),
    };
    Ok(Redirect::to(&to).into_response())
}

/// The matrix of the opportunities the user may read.
async fn placements(state: &AppState, identity: &Identity) -> Result<Vec<Placement>, WebError> {
    let hidden = state.store.hidden_tenders(&identity.user).await?;
    let opportunities: Vec<_> = state
        .store
        .opportunities()
        .await?
        .into_iter()
        .filter(|o| !hidden.contains(&o.tender_id))
        .collect();
    Ok(matrix::place(&opportunities))
}

#[derive(Template, WebTemplate)]
#[template(path = "matrix.html")]
struct MatrixPage {
    page: PageCtx,
    placements: Vec<Placement>,
    dots: Vec<Dot>,
    quadrants: &'static [Quadrant],
}

async fn matrix_page(
    State(state): State<AppState>,
    identity: Identity,
    page: PageCtx,
) -> Result<MatrixPage, WebError> {
    let placements = placements(&state, &identity).await?;
    // x = accessibility, y = potential.
    let dots = placements
        .iter()
        .map(|p| {
            svg::dot(
                p.accessibility,
                p.potential,
                100.0,
                p.title.clone(),
                format!("/tenders/{}/gonogo", p.tender_id),
                p.quadrant.as_str().to_string(),
            )
        })
        .collect();
    Ok(MatrixPage {
        page,
        placements,
        dots,
        quadrants: Quadrant::ALL,
    })
}

async fn api_matrix(
    State(state): State<AppState>,
    identity: Identity,
) -> Result<Json<Vec<Placement>>, WebError> {
    Ok(Json(placements(&state, &identity).await?))
}
