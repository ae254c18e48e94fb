/// The version of `qa`, printed by `qa --version`: the one place it is written (see README, "Versions").
enum QAVersion {
    static let current = "0.9.0"
}
