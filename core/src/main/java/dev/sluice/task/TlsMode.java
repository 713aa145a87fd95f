package dev.sluice.task;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How an endpoint connection uses TLS; the names follow mysql-connector-j's sslMode. */
public enum TlsMode {
    DISABLED, PREFERRED, REQUIRED, VERIFY_CA, VERIFY_IDENTITY;

    @JsonValue
    public String yamlName() {
        return Enums.yamlName(this);
    }

    @JsonCreator
    public static TlsMode parse(String value) {
        return Enums.parse(TlsMode.class, value);
    }
}
