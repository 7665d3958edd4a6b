public import LBCore
public import OrderedCollections

/// One stored model instance: property name → value, in property order.
///
/// Dates are ISO-8601 strings with milliseconds and `Z` (`2024-05-01T10:00:00.000Z`), geo points
/// `{"lat": …, "lng": …}` objects; everything else is plain JSON.
public typealias Record = OrderedDictionary<String, JSONValue>
