import Foundation
import LBCore
import LBPlan
import LBRuntime
@testable import LBSQLite
import NIOCore
import SQLiteNIO
import Testing

/// Which conditions become plain SQL and which go through `lbrun_match`.
@Suite struct TranslatorTests {
    typealias F = SQLiteFixtures
    let model = F.product
    let registry = PredicateRegistry()

    func translate(_ condition: Where) throws -> (sql: String, binds: [SQLiteData], tokens: Int) {
        var translator = QueryTranslator(schema: try TableSchema(model: model), model: model, registry: registry)
        let clause = translator.whereClause(condition)
        #expect(clause.hasPrefix(" WHERE "))
        let sql = String(clause.dropFirst(" WHERE ".count))
        registry.release(translator.tokens)
        return (sql, translator.binds, translator.tokens.count)
    }

    static let matchName = #"lbrun_match(?, "name", "_lbrun_extra")"#

    @Test func idEqualityIsPlainSQL() throws {
        let result = try translate(.condition(path: "id", op: .eq, value: 3))
        #expect(result.sql == #"("id" = ?)"#)
        #expect(result.binds == [.float(3)])
        #expect(result.tokens == 0)
    }

    @Test func scalarComparisonsArePushedDown() throws {
        let price = try translate(.condition(path: "price", op: .gt, value: 10))
        #expect(
            price.sql
                == #"(CASE WHEN "price" IS NOT NULL THEN ("price" > ?) WHEN "_lbrun_extra" IS NULL THEN 0 ELSE lbrun_match(?, "price", "_lbrun_extra") END)"#
        )
        #expect(price.binds.first == .float(10))
        // `neq` matches absent values.
        #expect(try translate(.condition(path: "name", op: .neq, value: "a")).sql.contains(#"THEN ("name" <> ?) WHEN "_lbrun_extra" IS NULL THEN 1"#))
        #expect(try translate(.condition(path: "available", op: .eq, value: true)).binds.first == .integer(1))
        #expect(try translate(.condition(path: "price", op: .between, value: [1, 2])).sql.contains(#""price" BETWEEN ? AND ?"#))
        #expect(try translate(.condition(path: "price", op: .inq, value: [1, nil, 2])).sql.contains(#""price" IN (?, ?)"#))
        #expect(try translate(.condition(path: "price", op: .nin, value: [1])).sql.contains(#""price" NOT IN (?)"#))
        #expect(try translate(.condition(path: "price", op: .eq, value: nil)).sql.contains("THEN (0) WHEN"))
        #expect(try translate(.condition(path: "price", op: .exists, value: true)).sql.contains("THEN (1) WHEN"))
        let date = try translate(.condition(path: "released", op: .lt, value: "2024-01-01T00:00:00.000Z"))
        #expect(date.sql.contains(#"THEN ("released" < ?)"#))
    }

    @Test func textEqualityUsesNormalizationForNonPlainOperands() throws {
        #expect(try translate(.condition(path: "name", op: .eq, value: "desk")).sql.contains(#"("name" = ?)"#))
        let accented = try translate(.condition(path: "name", op: .eq, value: "émile"))
        #expect(accented.sql.contains(#"(lbrun_nfd("name") = ?)"#))
        #expect(accented.binds.first == .text("e\u{301}mile"))
        // Ordered comparisons with such operands go to `lbrun_match`.
        #expect(try translate(.condition(path: "name", op: .gt, value: "Kelvin")).sql == Self.matchName)
        #expect(try translate(.condition(path: "name", op: .gt, value: "plain")).sql.contains(#"CAST("name" AS TEXT) > ?"#))
        // A NUL travels as a BLOB, in binds as in stored values; ordered comparisons need the matcher.
        #expect(try translate(.condition(path: "name", op: .eq, value: "a\u{0}b")).binds.first == .blob(ByteBuffer(string: "a\u{0}b")))
        #expect(try translate(.condition(path: "name", op: .lt, value: "a\u{0}b")).sql == Self.matchName)
    }

    @Test func conditionsWithoutExactSQLGoToTheMatcher() throws {
        for op in [WhereOperator.like, .nlike, .ilike, .nilike, .regexp] {
            #expect(try translate(.condition(path: "name", op: op, value: "a")).sql == Self.matchName)
        }
        #expect(try translate(.condition(path: "address.city", op: .eq, value: "x")).sql == #"lbrun_match(?, "address", "_lbrun_extra")"#)
        #expect(try translate(.condition(path: "color", op: .eq, value: "x")).sql == #"lbrun_match(?, "_lbrun_extra")"#)
        #expect(try translate(.condition(path: "tags", op: .eq, value: "x")).sql == #"lbrun_match(?, "tags", "_lbrun_extra")"#)
        // Operands of another type than the column's (loose equality) and NaN.
        #expect(try translate(.condition(path: "price", op: .eq, value: "abc")).tokens == 1)
        #expect(try translate(.condition(path: "price", op: .gt, value: .number(.infinity))).sql.hasPrefix("lbrun_match"))
        #expect(try translate(.condition(path: "released", op: .gt, value: "2024-01-01")).sql.hasPrefix("lbrun_match"))
    }

    @Test func neighbouringResidualConditionsShareOneCall() throws {
        let result = try translate(
            .and([
                .condition(path: "price", op: .gt, value: 1), .condition(path: "name", op: .like, value: "a"),
                .condition(path: "color", op: .regexp, value: "/x/"),
            ]))
        #expect(result.sql.hasPrefix(#"((CASE WHEN "price" IS NOT NULL"#))
        #expect(result.sql.hasSuffix(#" AND lbrun_match(?, "name", "_lbrun_extra"))"#))
        #expect(result.tokens == 2)  // the price leaf's fallback, and one call for both residual conditions
        let or = try translate(.or([.condition(path: "name", op: .like, value: "a"), .condition(path: "color", op: .eq, value: "b")]))
        #expect(or.sql == Self.matchName)
        #expect(registry.count == 0)
    }

    @Test func orderIsPushedDownOnScalarColumnsOnly() throws {
        var translator = QueryTranslator(schema: try TableSchema(model: model), model: model, registry: registry)
        #expect(
            translator.order([OrderItem(path: "price", descending: true)])
                == #"(CASE WHEN "price" IS NOT NULL THEN 2 WHEN "_lbrun_extra" IS NULL THEN 0 ELSE lbrun_has("_lbrun_extra", ?) END) DESC, "price" DESC, "id", rowid"#
        )
        #expect(translator.binds == [.text("price")])
        #expect(translator.order([OrderItem(path: "name")])?.contains(#"lbrun_utf16("name")"#) == true)
        #expect(translator.order([OrderItem(path: "id")]) == #""id", "id", rowid"#)
        #expect(translator.order([OrderItem(path: "tags")]) == nil)
        #expect(translator.order([OrderItem(path: "color")]) == nil)
        #expect(translator.order([OrderItem(path: "address.city")]) == nil)
        #expect(translator.order([]) == #""id", rowid"#)
    }
}
