package io.rec4j.nn.djl;

import ai.djl.ndarray.NDArray;

/**
 * One Adam update of a DJL parameter from its accumulated gradient, as PyTorch's {@code torch.optim.Adam} computes
 * it with its defaults (Kingma &amp; Ba, ICLR 2015, arXiv 1412.6980, Alg. 1):
 * {@code p −= (lr/(1−β1^t))·m / (√v/√(1−β2^t) + ε)}. The gradient is zeroed afterwards (PyTorch accumulates).
 * Call with autograd's grad mode off.
 */
public final class Adam {
    static final double BETA1 = 0.9;
    static final double BETA2 = 0.999;
    static final double EPS = 1e-8;

    private Adam() {
    }

    /**
     * @param m    first-moment state, updated in place
     * @param v    second-moment state, updated in place
     * @param t    the step number, from 1
     * @param mask multiplies the update (0 freezes an entry), or null
     */
    public static void update(NDArray p, NDArray m, NDArray v, double lr, long t, NDArray mask) {
        NDArray g = p.getGradient();
        double bc1 = 1 - Math.pow(BETA1, t);
        double sqrtBc2 = Math.sqrt(1 - Math.pow(BETA2, t));
        m.muli(BETA1).addi(g.mul(1 - BETA1));
        v.muli(BETA2).addi(g.square().mul(1 - BETA2));
        NDArray update = m.div(v.sqrt().div(sqrtBc2).add(EPS)).mul(lr / bc1);
        p.subi(mask == null ? update : update.mul(mask));
        g.subi(g);
    }
}
