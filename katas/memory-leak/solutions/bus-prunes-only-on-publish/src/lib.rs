//! The quote gateway's in-process plumbing: a response cache in front of the pricing backend
//! and an event bus that pushes price changes to connected clients.

pub mod bus;
pub mod cache;

pub use bus::{EventBus, Subscription};
pub use cache::ResponseCache;
