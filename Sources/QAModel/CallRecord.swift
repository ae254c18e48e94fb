/// One monitored call's operational figures (KPIs): who took it, when, and how it went.
///
/// This is the row shape of a calls file (`calls.csv`, written by `qa sample`) and what
/// `qa coach --kpis CALLS.csv` reads to set QA scores beside handle time, resolution and satisfaction.
/// Columns: `call_id,agent_id,team_id,date,handle_time_seconds,first_contact_resolution,csat,transfers`.
public struct CallRecord: Hashable, Sendable, Codable {
    public var callID: String
    public var agentID: String
    public var teamID: String
    /// The day of the call.
    public var date: CalendarDay
    /// Talk plus hold plus after-call work, in seconds.
    public var handleTimeSeconds: Int
    /// Whether the customer's issue was resolved on this call, without a follow-up contact.
    public var firstContactResolution: Bool
    /// Customer satisfaction survey result, 1 (very dissatisfied) to 5 (very satisfied).
    public var csat: Int
    /// How many times the call was transferred.
    public var transfers: Int

    public init(
        callID: String, agentID: String, teamID: String, date: CalendarDay, handleTimeSeconds: Int,
        firstContactResolution: Bool, csat: Int, transfers: Int
    ) {
        self.callID = callID
        self.agentID = agentID
        self.teamID = teamID
        self.date = date
        self.handleTimeSeconds = handleTimeSeconds
        self.firstContactResolution = firstContactResolution
        self.csat = csat
        self.transfers = transfers
    }

    /// The row's fields in `csvHeader` order (`true`/`false` for first-contact resolution).
    public var csvFields: [String] {
        [callID, agentID, teamID, date.description, String(handleTimeSeconds), firstContactResolution ? "true" : "false",
         String(csat), String(transfers)]
    }

    /// The CSV header for calls files, in column order.
    public static let csvHeader = [
        "call_id", "agent_id", "team_id", "date", "handle_time_seconds", "first_contact_resolution", "csat",
        "transfers",
    ]
}
