package dev.sluice.state;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** A read-only view of one state-table item with typed getters that tolerate missing attributes. */
public record Item(Map<String, AttributeValue> attributes) {

    public String pk() {
        return str(StateTable.PK);
    }

    public String sk() {
        return str(StateTable.SK);
    }

    public long version() {
        return num(StateTable.VERSION, 0);
    }

    public String str(String name) {
        AttributeValue v = attributes.get(name);
        return v == null ? null : v.s();
    }

    public long num(String name, long dflt) {
        AttributeValue v = attributes.get(name);
        return v == null || v.n() == null ? dflt : new java.math.BigDecimal(v.n()).longValue();
    }

    public double dbl(String name, double dflt) {
        AttributeValue v = attributes.get(name);
        return v == null || v.n() == null ? dflt : Double.parseDouble(v.n());
    }

    public boolean bool(String name) {
        AttributeValue v = attributes.get(name);
        return v != null && Boolean.TRUE.equals(v.bool());
    }

    public boolean has(String name) {
        return attributes.containsKey(name);
    }
}
