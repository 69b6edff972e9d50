//! EDTF date parsing: any string parses or is refused, never panics; what parses round-trips
//! through its EDTF form and never ends before it starts.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsline::date::Date;

fuzz_target!(|input: &str| {
    if let Ok(date) = Date::parse(input) {
        let _ = (date.display(), date.sort_key());
        assert!(date.start_utc() <= date.end_utc(), "{input:?} ends before it starts");
        let edtf = date.edtf();
        assert_eq!(Date::parse(&edtf).as_ref(), Ok(&date), "{input:?} → {edtf:?}");
    }
});
