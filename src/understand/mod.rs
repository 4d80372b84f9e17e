//! Understanding a tender's pieces: their outline, the requirements they put on the bidder,
//! and the key facts, each with the place it came from. Pure functions on extracted text.

pub mod facts;
pub mod labels;
pub mod merge;
pub mod outline;
pub mod requirements;
pub mod scope;
