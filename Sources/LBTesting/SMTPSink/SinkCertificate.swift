extension SMTPSink {
    /// A self-signed certificate for `localhost` (and no IP address), valid until 2126, that the
    /// sink presents over TLS. Clients trust it through the transport setting `tls.ca`.
    public static let certificatePEM = """
-----BEGIN CERTIFICATE-----
MIIBkjCCATigAwIBAgIUM6mfJtxaifWnuyiZ6QXAHkhqyBUwCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJbG9jYWxob3N0MCAXDTI2MTEyNTAyNDUxMFoYDzIxMjYxMTAx
MDI0NTEwWjAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAASdgLk0n/etmApWWgMUabAWD7icHBWRXMGkDs3kwUyfQNUgsc7K9f+F
Zpm59H760u0Px1kEnKeHGZS/PVzVF+1jo2YwZDAdBgNVHQ4EFgQUHzRTtoyfTXTf
/0bx4IXJah7Til0wHwYDVR0jBBgwFoAUHzRTtoyfTXTf/0bx4IXJah7Til0wFAYD
VR0RBA0wC4IJbG9jYWxob3N0MAwGA1UdEwEB/wQCMAAwCgYIKoZIzj0EAwIDSAAw
RQIgDy78KeNRCKx7AowQuM+g9S6ZjjwWJ0mHSwkxiHZR4VsCIQCyPjvRRCbfzbNs
bgY8bX0wDz1Cx8D3GVnaTBc3xivJhA==
-----END CERTIFICATE-----
"""

    /// The certificate's private key. It protects nothing but test connections.
    static let privateKeyPEM = """
-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgyZwKpUzZEBa7/XY/
ISH0ELqoteNxx3xd8ntzHV1aNauhRANCAASdgLk0n/etmApWWgMUabAWD7icHBWR
XMGkDs3kwUyfQNUgsc7K9f+FZpm59H760u0Px1kEnKeHGZS/PVzVF+1j
-----END PRIVATE KEY-----
"""
}
