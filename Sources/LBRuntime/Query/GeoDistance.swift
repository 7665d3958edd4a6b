import Foundation
import LBCore

/// LoopBack's `GeoPoint` reading and its haversine distance (juggler lib/geo.js).
enum GeoDistance {
    /// Earth radius per `unit`; `miles` is the default.
    static let radii: [String: Double] = [
        "miles": 3958.75,
        "kilometers": 6370.99056,
        "meters": 6370990.56,
        "feet": 20_902_200,
        "radians": 1,
        "degrees": 57.29577951308,
    ]

    static let defaultUnit = "miles"

    /// LoopBack's (rounded) degrees-to-radians factor, kept for identical distances.
    private static let degreesToRadians = 0.01745329252

    /// A point from `{"lat": …, "lng": …}`, `"lat,lng"` or `[lat, lng]`; `nil` when it is not a valid
    /// point (non-numbers, lat outside ±90, lng outside ±180).
    static func point(_ value: JSONValue?) -> (lat: Double, lng: Double)? {
        guard let value else { return nil }
        let lat: Double
        let lng: Double
        switch value {
        case .object(let members):
            lat = JS.number(members["lat"])
            lng = JS.number(members["lng"])
        case .array(let elements):
            guard elements.count == 2 else { return nil }
            lat = JS.number(elements[0])
            lng = JS.number(elements[1])
        case .string(let text):
            let parts = text.split(separator: ",", omittingEmptySubsequences: false)
            guard parts.count == 2 else { return nil }
            lat = JS.number(String(parts[0]))
            lng = JS.number(String(parts[1]))
        default:
            return nil
        }
        guard !lat.isNaN, !lng.isNaN, (-90...90).contains(lat), (-180...180).contains(lng) else { return nil }
        return (lat, lng)
    }

    /// Haversine distance between two points in `unit` (one of `radii`'s keys; unknown → miles).
    static func distance(_ a: (lat: Double, lng: Double), _ b: (lat: Double, lng: Double), unit: String?) -> Double {
        let radius = radii[unit ?? defaultUnit] ?? radii[defaultUnit]!
        let x1 = a.lat * degreesToRadians
        let y1 = a.lng * degreesToRadians
        let x2 = b.lat * degreesToRadians
        let y2 = b.lng * degreesToRadians
        func haversine(_ angle: Double) -> Double { pow(sin(angle / 2), 2) }
        let f = (haversine(x2 - x1) + cos(x2) * cos(x1) * haversine(y2 - y1)).squareRoot()
        return 2 * asin(f) * radius
    }
}
