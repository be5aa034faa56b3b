//! Property tests of the CSV layer: any cell survives a round trip through
//! the `csv` crate, and no cell a spreadsheet would evaluate is written as is.

use super::neutralise_formula;
use proptest::prelude::*;

const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

fn cells() -> impl Strategy<Value = Vec<String>> {
    let cell = prop_oneof![
        "\\PC{0,40}",
        "[=+\\-@\t\r][\\PC\n\",;]{0,20}",
        "[\",\n\r ;]{0,8}",
    ];
    prop::collection::vec(cell, 1..12)
}

proptest! {
    #[test]
    fn cells_round_trip_neutralised(row in cells()) {
        let written: Vec<String> = row.iter().map(|c| neutralise_formula(c).into_owned()).collect();
        let mut out = Vec::new();
        {
            let mut writer = csv::Writer::from_writer(&mut out);
            writer.write_record(&written).unwrap();
            writer.flush().unwrap();
        }
        let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(&out[..]);
        let read: Vec<String> = reader.records().next().unwrap().unwrap().iter().map(str::to_string).collect();
        prop_assert_eq!(&read, &written);
        for (original, cell) in row.iter().zip(&read) {
            prop_assert!(!cell.starts_with(FORMULA_STARTS), "{:?} is written as {:?}", original, cell);
            if original.starts_with(FORMULA_STARTS) {
                prop_assert_eq!(&cell[1..], original.as_str());
            } else {
                prop_assert_eq!(cell, original);
            }
        }
    }
}
