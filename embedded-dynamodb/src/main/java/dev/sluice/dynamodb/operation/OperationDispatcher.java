package dev.sluice.dynamodb.operation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.dynamodb.DynamoException;
import dev.sluice.dynamodb.storage.TableStore;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/** Routes an {@code X-Amz-Target} operation name to the operation family that implements it. */
public final class OperationDispatcher {
    private final Map<String, Function<JsonNode, ObjectNode>> operations = new HashMap<>();

    public OperationDispatcher(TableStore store, String region) {
        TableOperations tables = new TableOperations(store, region);
        ItemOperations items = new ItemOperations(store);
        QueryScanOperations reads = new QueryScanOperations(store);
        BatchOperations batches = new BatchOperations(store);
        TransactionOperations transactions = new TransactionOperations(store, items);
        operations.put("CreateTable", tables::createTable);
        operations.put("DescribeTable", tables::describeTable);
        operations.put("ListTables", tables::listTables);
        operations.put("DeleteTable", tables::deleteTable);
        operations.put("PutItem", items::putItem);
        operations.put("GetItem", items::getItem);
        operations.put("UpdateItem", items::updateItem);
        operations.put("DeleteItem", items::deleteItem);
        operations.put("Query", reads::query);
        operations.put("Scan", reads::scan);
        operations.put("BatchWriteItem", batches::batchWriteItem);
        operations.put("BatchGetItem", batches::batchGetItem);
        operations.put("TransactWriteItems", transactions::transactWriteItems);
        operations.put("TransactGetItems", transactions::transactGetItems);
    }

    public ObjectNode dispatch(String operation, JsonNode request) {
        Function<JsonNode, ObjectNode> op = operations.get(operation);
        if (op == null) {
            throw DynamoException.unknownOperation("The Sluice embedded DynamoDB does not implement operation "
                    + operation + "; supported: " + new java.util.TreeSet<>(operations.keySet()));
        }
        return op.apply(request);
    }
}
