package dev.sluice.dynamodb;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A DynamoDB API error: carries the wire {@code __type} the AWS SDK maps to an exception class, and its message. */
public final class DynamoException extends RuntimeException {
    private static final String PREFIX = "com.amazonaws.dynamodb.v20120810#";

    private final String type;
    private final int httpStatus;
    private final ObjectNode extra;

    public DynamoException(String type, int httpStatus, String message, ObjectNode extra) {
        super(message);
        this.type = type;
        this.httpStatus = httpStatus;
        this.extra = extra == null ? JsonNodeFactory.instance.objectNode() : extra;
    }

    public static DynamoException validation(String message) {
        return new DynamoException(PREFIX + "ValidationException", 400, message, null);
    }

    public static DynamoException resourceNotFound(String message) {
        return new DynamoException(PREFIX + "ResourceNotFoundException", 400, message, null);
    }

    public static DynamoException tableNotFound(String table) {
        return resourceNotFound("Requested resource not found: Table: " + table + " not found");
    }

    public static DynamoException resourceInUse(String message) {
        return new DynamoException(PREFIX + "ResourceInUseException", 400, message, null);
    }

    /** The condition of a single-item write failed; {@code oldItem} is returned when ALL_OLD was requested. */
    public static DynamoException conditionalCheckFailed(ObjectNode oldItem) {
        ObjectNode extra = JsonNodeFactory.instance.objectNode();
        if (oldItem != null) {
            extra.set("Item", oldItem);
        }
        return new DynamoException(PREFIX + "ConditionalCheckFailedException", 400,
                "The conditional request failed", extra);
    }

    public static DynamoException transactionCanceled(String message, ObjectNode extra) {
        return new DynamoException(PREFIX + "TransactionCanceledException", 400, message, extra);
    }

    public static DynamoException serialization(String message) {
        return new DynamoException("com.amazon.coral.service#SerializationException", 400, message, null);
    }

    public static DynamoException unknownOperation(String message) {
        return new DynamoException("com.amazon.coral.service#UnknownOperationException", 400, message, null);
    }

    public static DynamoException internal(String message) {
        return new DynamoException(PREFIX + "InternalServerError", 500, message, null);
    }

    public String type() {
        return type;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** Extra response members (e.g. {@code Item}, {@code CancellationReasons}). */
    public ObjectNode extra() {
        return extra;
    }

    /** The short code used in transaction cancellation reasons, e.g. {@code ConditionalCheckFailed}. */
    public String shortCode() {
        String simple = type.substring(type.indexOf('#') + 1);
        return simple.endsWith("Exception") ? simple.substring(0, simple.length() - "Exception".length()) : simple;
    }
}
