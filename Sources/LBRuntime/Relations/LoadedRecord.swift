/// A record read for a query: as stored, and as the client receives it.
struct LoadedRecord: Sendable {
    /// The record as the connector returned it (the keys includes join on are always there).
    let stored: Record
    /// The rendered record: `fields` applied, included relations attached.
    var output: Record
}
