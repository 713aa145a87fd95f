/** Embedded DynamoDB-compatible server. */
package dev.sluice.dynamodb;
