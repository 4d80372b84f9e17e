//! What every HTML page needs: the language, the signed-in user, the CSRF token of forms.

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use axum_extra::extract::CookieJar;

use super::Identity;
use crate::i18n::Lang;
use crate::model::User;

/// The context of a page, taken from the request.
#[derive(Clone, Debug)]
pub struct PageCtx {
    pub l: Lang,
    pub user: Option<User>,
    pub csrf: String,
}

impl PageCtx {
    pub fn t(&self, key: &str) -> &'static str {
        self.l.t(key)
    }

    pub fn is_admin(&self) -> bool {
        self.user
            .as_ref()
            .is_some_and(|u| u.role.can_manage_users())
    }

    pub fn is_manager(&self) -> bool {
        self.user
            .as_ref()
            .is_some_and(|u| u.role.can_manage_tenders())
    }
}

impl<S: Send + Sync> FromRequestParts<S> for PageCtx {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let jar = CookieJar::from_headers(&parts.headers);
        // An explicit choice (cookie `lang`) wins over the browser's preference.
        let l = match jar.get("lang").map(|c| c.value().to_string()).as_deref() {
            Some("en") => Lang::En,
            Some("fr") => Lang::Fr,
            _ => parts
                .headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .map(Lang::from_accept_language)
                .unwrap_or_default(),
        };
        let identity = parts.extensions.get::<Identity>();
        Ok(PageCtx {
            l,
            user: identity.map(|i| i.user.clone()),
            csrf: identity.map(|i| i.csrf().to_string()).unwrap_or_default(),
        })
    }
}
