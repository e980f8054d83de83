package io.rec4j.core.rec;

/**
 * A REC method refuses a problem because its cost is beyond the configured limits (expected candidates, memory) or
 * beyond what the method can represent at all (see {@link RecCost#blocker()}), or an encoder ran past its candidate
 * cap. The message is one line naming the cost, the limit and what to do instead. An
 * {@link IllegalArgumentException}, since the remedy is always a different choice of method, settings or problem.
 */
public final class RecCostException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** The estimate behind the refusal; null if the refusal came from an encoder's running cap. */
    private final transient RecCost cost;

    public RecCostException(String message, RecCost cost) {
        super(message);
        this.cost = cost;
    }

    /** The estimate that was refused, or null for a running cap. */
    public RecCost cost() {
        return cost;
    }
}
