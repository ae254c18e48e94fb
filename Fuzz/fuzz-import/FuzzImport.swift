// Fuzz target: the Amazon Connect and Genesys Cloud form import (JSON reading and mapping) on arbitrary bytes.
import Foundation
import FormImport
import FuzzSupport

@main
enum FuzzImport {
    static func main() {
        runFuzzTarget { bytes in
            let data = Data(bytes)
            _ = try? FormImporter.importForm(data, from: .connect)
            _ = try? FormImporter.importForm(data, from: .genesys)
        }
    }
}
