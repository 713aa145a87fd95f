package dev.sluice.dynamodb.expression;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.dynamodb.AttributeValues;
import dev.sluice.dynamodb.DynamoException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/** Applies parsed update actions to an item; all operands are evaluated against the item as it was before. */
public final class UpdateApplier {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private UpdateApplier() {
    }

    /** Returns the updated copy of {@code original} (which may be an empty item for an upsert). */
    public static ObjectNode apply(ObjectNode original, List<UpdateAction> actions) {
        ObjectNode item = original.deepCopy();
        List<JsonNode> setValues = new ArrayList<>();
        for (UpdateAction a : actions) {
            setValues.add(a.kind() == UpdateAction.Kind.SET ? a.value().evaluate(original) : null);
        }
        List<UpdateAction> removes = new ArrayList<>();
        for (int i = 0; i < actions.size(); i++) {
            UpdateAction a = actions.get(i);
            switch (a.kind()) {
                case SET -> DocumentPaths.set(item, a.path(), setValues.get(i).deepCopy());
                case REMOVE -> removes.add(a);
                case ADD -> add(item, a);
                case DELETE -> delete(item, a);
                default -> throw new IllegalStateException();
            }
        }
        // Remove list elements from the highest index down so earlier removals do not shift later ones.
        removes.sort(Comparator.comparing(UpdateApplier::lastIndex).reversed());
        for (UpdateAction r : removes) {
            DocumentPaths.remove(item, r.path());
        }
        return item;
    }

    private static int lastIndex(UpdateAction a) {
        Object last = a.path().elements().get(a.path().elements().size() - 1);
        return last instanceof Integer i ? i : -1;
    }

    private static void add(ObjectNode item, UpdateAction a) {
        JsonNode operand = a.literal();
        JsonNode current = DocumentPaths.get(item, a.path());
        String ot = AttributeValues.type(operand);
        if (current == null) {
            DocumentPaths.set(item, a.path(), operand.deepCopy());
            return;
        }
        String ct = AttributeValues.type(current);
        if (!ct.equals(ot)) {
            throw DynamoException.validation("An operand in the update expression has an incorrect data type");
        }
        if (ot.equals("N")) {
            BigDecimal sum = AttributeValues.numberValue(current).add(AttributeValues.numberValue(operand));
            DocumentPaths.set(item, a.path(), AttributeValues.number(AttributeValues.checkNumber(sum)));
            return;
        }
        ArrayNode merged = ((ArrayNode) AttributeValues.payload(current)).deepCopy();
        Set<String> members = AttributeValues.setMembers(current);
        boolean numeric = ot.equals("NS");
        for (JsonNode e : AttributeValues.payload(operand)) {
            String canonical = numeric ? AttributeValues.formatNumber(new BigDecimal(e.asText())) : e.asText();
            if (members.add(canonical)) {
                merged.add(e);
            }
        }
        DocumentPaths.set(item, a.path(), F.objectNode().set(ot, merged));
    }

    private static void delete(ObjectNode item, UpdateAction a) {
        JsonNode operand = a.literal();
        JsonNode current = DocumentPaths.get(item, a.path());
        if (current == null) {
            return;
        }
        String ot = AttributeValues.type(operand);
        if (!AttributeValues.type(current).equals(ot)) {
            throw DynamoException.validation("An operand in the update expression has an incorrect data type");
        }
        Set<String> remove = AttributeValues.setMembers(operand);
        ArrayNode kept = F.arrayNode();
        boolean numeric = ot.equals("NS");
        for (JsonNode e : AttributeValues.payload(current)) {
            String canonical = numeric ? AttributeValues.formatNumber(new BigDecimal(e.asText())) : e.asText();
            if (!remove.contains(canonical)) {
                kept.add(e);
            }
        }
        if (kept.isEmpty()) {
            DocumentPaths.remove(item, a.path());
        } else {
            DocumentPaths.set(item, a.path(), F.objectNode().set(ot, kept));
        }
    }
}
