import Testing

@testable import AssetMapCore

@Suite("Normalise.isNullMarker")
struct NullMarkerNormalisationTests {
    @Test("markers of no value", arguments: [
        "", " ", "\t\n", "\u{00A0}", "\u{200B}",
        "NA", "na", "N/A", "n/a", "N.A.", "n / a", "NaN",
        "null", "NULL", "nil", "None", "NONE",
        "-", "--", "---", "—", "–", "...", "?", "_",
        "#N/A", "#n/a", "#REF!", "#VALUE!",
        "unknown", "Unknown", "not known", "Not Known", "Not  known", "n/k",
        "not applicable", "Not Available", "Does not apply",
        "TBC", "tba", " NA ",
    ])
    func markers(raw: String) {
        #expect(Normalise.isNullMarker(raw))
    }

    @Test("real values", arguments: [
        "0", "1", "No", "None of the above", "Nat", "Nan's Kitchen", "Age UK", "M33", "x",
        "Unknown Pleasures Club", "-1", "N", "A",
    ])
    func values(raw: String) {
        #expect(!Normalise.isNullMarker(raw))
    }
}
