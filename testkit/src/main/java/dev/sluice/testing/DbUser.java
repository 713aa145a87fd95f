package dev.sluice.testing;

/** A database account created by a test ({@code 'name'@'%'}) with its password. */
public record DbUser(String name, String password) {
    @Override
    public String toString() {
        return "DbUser[" + name + "]"; // never the password
    }
}
