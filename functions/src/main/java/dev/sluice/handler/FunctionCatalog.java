package dev.sluice.handler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.arc.Arc;
import io.quarkus.funqy.Funq;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The Funqy functions of this application by name, and a way to call one with a JSON payload: used by the
 * local Step Functions runner (in-process "Lambda" calls) and by the Lambda entry point.
 */
public final class FunctionCatalog {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Map<String, Target> functions = new TreeMap<>();

    private record Target(Supplier<Object> bean, Method method) {
    }

    /** Finds every {@code @Funq} method of the CDI beans in this package. */
    public static FunctionCatalog discover() {
        FunctionCatalog c = new FunctionCatalog();
        Set<Bean<?>> beans = Arc.container().beanManager().getBeans(Object.class, Any.Literal.INSTANCE);
        for (Bean<?> b : beans) {
            Class<?> type = b.getBeanClass();
            if (type.getPackageName().equals(FunctionCatalog.class.getPackageName())) {
                c.add(type, () -> Arc.container().instance(type).get());
            }
        }
        return c;
    }

    /** A catalog of the {@code @Funq} methods of the given function objects (outside a CDI container). */
    public static FunctionCatalog of(Object... functionObjects) {
        FunctionCatalog c = new FunctionCatalog();
        for (Object o : functionObjects) {
            c.add(o.getClass(), () -> o);
        }
        return c;
    }

    private void add(Class<?> type, Supplier<Object> bean) {
        for (Method m : type.getMethods()) {
            if (m.getAnnotation(Funq.class) != null) {
                functions.put(functionName(m), new Target(bean, m));
            }
        }
    }

    /** The function name Funqy uses: the annotation's value, else the method name. */
    public static String functionName(Method m) {
        Funq f = m.getAnnotation(Funq.class);
        return f == null || f.value().isEmpty() ? m.getName() : f.value();
    }

    public Set<String> names() {
        return functions.keySet();
    }

    /**
     * Calls a function: the payload is converted to its parameter type, the result to JSON. An exception thrown by
     * the function is rethrown as is (the caller turns it into a Lambda-style error).
     */
    public JsonNode invoke(String name, JsonNode payload) throws Exception {
        Target t = functions.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no function named '" + name + "'; known: " + functions.keySet());
        }
        Object bean = t.bean().get();
        Object[] args = new Object[t.method().getParameterCount()];
        if (args.length == 1) {
            args[0] = JSON.convertValue(payload, t.method().getParameterTypes()[0]);
        }
        try {
            return JSON.valueToTree(t.method().invoke(bean, args));
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            throw e;
        }
    }
}
