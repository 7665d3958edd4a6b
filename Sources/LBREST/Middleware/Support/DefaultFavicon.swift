import Foundation

/// The icon `loopback#favicon` serves when no icon file is given: 16×16, 32-bit ICO.
enum DefaultFavicon {
    static let bytes: [UInt8] = Array(Data(base64Encoded: base64, options: .ignoreUnknownCharacters)!)

    private static let base64 = """
        AAABAAEAEBAAAAEAIABoBAAAFgAAACgAAAAQAAAAIAAAAAEAIAAAAAAAQAQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
        AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAANtvKv/bbyr/228q/9tvKv/bbyr/
        228q/9tvKv/bbyr/228q/9tvKv/bbyr/228q/9tvKv/bbyr/AAAAAAAAAADbbyr/228q/9tvKv/bbyr/228q/9tvKv/bbyr/228q
        /9tvKv/bbyr/228q/9tvKv/bbyr/228q/wAAAAAAAAAA228q/9tvKv/bbyr/////////////////////////////////////////
        ///bbyr/228q/9tvKv8AAAAAAAAAANtvKv/bbyr/228q////////////////////////////////////////////228q/9tvKv/b
        byr/AAAAAAAAAADbbyr/228q/9tvKv///////////////////////////////////////////9tvKv/bbyr/228q/wAAAAAAAAAA
        228q/9tvKv/bbyr/////////////////228q/9tvKv/bbyr/228q/9tvKv/bbyr/228q/9tvKv8AAAAAAAAAANtvKv/bbyr/228q
        /////////////////9tvKv/bbyr/228q/9tvKv/bbyr/228q/9tvKv/bbyr/AAAAAAAAAADbbyr/228q/9tvKv//////////////
        ///bbyr/228q/9tvKv/bbyr/228q/9tvKv/bbyr/228q/wAAAAAAAAAA228q/9tvKv/bbyr/////////////////228q/9tvKv/b
        byr/228q/9tvKv/bbyr/228q/9tvKv8AAAAAAAAAANtvKv/bbyr/228q/////////////////9tvKv/bbyr/228q/9tvKv/bbyr/
        228q/9tvKv/bbyr/AAAAAAAAAADbbyr/228q/9tvKv/////////////////bbyr/228q/9tvKv/bbyr/228q/9tvKv/bbyr/228q
        /wAAAAAAAAAA228q/9tvKv/bbyr/////////////////228q/9tvKv/bbyr/228q/9tvKv/bbyr/228q/9tvKv8AAAAAAAAAANtv
        Kv/bbyr/228q/9tvKv/bbyr/228q/9tvKv/bbyr/228q/9tvKv/bbyr/228q/9tvKv/bbyr/AAAAAAAAAADbbyr/228q/9tvKv/b
        byr/228q/9tvKv/bbyr/228q/9tvKv/bbyr/228q/9tvKv/bbyr/228q/wAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
        AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
        AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==
        """
}
