//! Helpers shared by integration tests (`mod common;`). Each test binary
//! uses only some of them.
#![allow(dead_code)]

pub mod case;
