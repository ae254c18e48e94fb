/// The one rule that keeps blind calibration blind: an evaluation scored in a calibration session that is
/// still open is sealed. Nobody but its own assessor sees it — on any page, report or export — until the session
/// is revealed. Every reader of stored evaluations adds `unsealed` to its conditions.
public enum CalibrationSeal {
    /// The SQL condition (on `evaluations e`) that an evaluation is not sealed.
    public static let unsealed = """
        (e.calibration_session_id IS NULL OR NOT EXISTS (SELECT 1 FROM calibration_sessions cs \
        WHERE cs.id = e.calibration_session_id AND cs.state = 'open'))
        """
}
