package dev.sluice.dynamodb.expression;

import com.fasterxml.jackson.databind.JsonNode;

/** One action of an UpdateExpression: SET, REMOVE, ADD or DELETE on a document path. */
public record UpdateAction(Kind kind, Path path, Operand value) {
    /** The four update clauses. */
    public enum Kind { SET, REMOVE, ADD, DELETE }

    /** Convenience for ADD/DELETE, whose operand is always a literal. */
    public JsonNode literal() {
        return ((Operand.Literal) value).value();
    }
}
