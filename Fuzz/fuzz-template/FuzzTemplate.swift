// Fuzz target: the template loader (SafeXML parsing, XSD validation, semantic checks) on arbitrary bytes.
import FuzzSupport
import ScorecardFormat

@main
enum FuzzTemplate {
    static func main() {
        runFuzzTarget { bytes in
            _ = ScorecardLoader.load(bytes: bytes, path: "fuzz.xml")
        }
    }
}
