package dev.sluice.schema;

/**
 * One entry of the schema report: an object ({@code table shop.film}), what the source had, what Sluice created
 * on the destination instead (or that it did not create it) and why.
 */
public record SchemaChange(String object, String before, String after, String why) {
}
