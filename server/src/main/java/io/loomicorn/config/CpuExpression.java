package io.loomicorn.config;

/**
 * Evaluates worker counts relative to the number of CPUs, such as {@code 2*cpu+1},
 * {@code cpu} or {@code cpu/2}.
 *
 * <p>gunicorn's config file is Python, so {@code workers = multiprocessing.cpu_count() * 2 + 1}
 * is common there; HOCON has no arithmetic, so Loomicorn accepts a small expression string
 * instead. The grammar is deliberately tiny and safe: non-negative integers, {@code cpu},
 * {@code + - * /} and parentheses, with the usual precedence and no unary minus. It is
 * computed exactly with fractions, then floored, and never yields less than 1.
 */
final class CpuExpression {

    private static final int MAX_LENGTH = 100;

    private final String text;
    private final long cpu;
    private int pos;

    private CpuExpression(String text, int cpu) {
        this.text = text;
        this.cpu = cpu;
    }

    /**
     * Evaluates an expression.
     *
     * @param expression the text, for example {@code 2*cpu+1}
     * @param cpuCount   the value of {@code cpu}
     * @return the result, floored, at least 1
     * @throws IllegalArgumentException with the reason when the text is not a valid expression
     */
    static int evaluate(String expression, int cpuCount) {
        if (expression.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("CPU expression longer than " + MAX_LENGTH + " characters");
        }
        CpuExpression parser = new CpuExpression(expression, cpuCount);
        Fraction result = parser.sum();
        parser.skipSpaces();
        if (parser.pos != expression.length()) {
            throw new IllegalArgumentException("unexpected '" + expression.charAt(parser.pos)
                    + "' at position " + (parser.pos + 1) + " of the CPU expression");
        }
        long floored = Math.floorDiv(result.numerator, result.denominator);
        if (floored > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("CPU expression result is too large");
        }
        return (int) Math.max(1, floored);
    }

    private Fraction sum() {
        Fraction value = product();
        while (true) {
            skipSpaces();
            if (eat('+')) {
                value = value.plus(product());
            } else if (eat('-')) {
                value = value.plus(product().negate());
            } else {
                return value;
            }
        }
    }

    private Fraction product() {
        Fraction value = factor();
        while (true) {
            skipSpaces();
            if (eat('*')) {
                value = value.times(factor());
            } else if (eat('/')) {
                value = value.dividedBy(factor());
            } else {
                return value;
            }
        }
    }

    private Fraction factor() {
        skipSpaces();
        if (eat('(')) {
            Fraction inner = sum();
            skipSpaces();
            if (!eat(')')) {
                throw new IllegalArgumentException("missing ')' in the CPU expression");
            }
            return inner;
        }
        if (text.regionMatches(true, pos, "cpu", 0, 3)) {
            pos += 3;
            return Fraction.of(cpu);
        }
        int start = pos;
        while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
            pos++;
        }
        if (start == pos) {
            throw new IllegalArgumentException(pos < text.length()
                    ? "unexpected '" + text.charAt(pos) + "' at position " + (pos + 1) + " of the CPU expression"
                    : "the CPU expression ends too early");
        }
        try {
            return Fraction.of(Long.parseLong(text, start, pos, 10));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("number too large in the CPU expression");
        }
    }

    private boolean eat(char c) {
        if (pos < text.length() && text.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void skipSpaces() {
        while (pos < text.length() && text.charAt(pos) == ' ') {
            pos++;
        }
    }

    /** An exact fraction; every operation checks for overflow. */
    private record Fraction(long numerator, long denominator) {

        static Fraction of(long n) {
            return new Fraction(n, 1);
        }

        Fraction plus(Fraction o) {
            return reduced(add(mul(numerator, o.denominator), mul(o.numerator, denominator)),
                    mul(denominator, o.denominator));
        }

        Fraction negate() {
            return new Fraction(-numerator, denominator);
        }

        Fraction times(Fraction o) {
            return reduced(mul(numerator, o.numerator), mul(denominator, o.denominator));
        }

        Fraction dividedBy(Fraction o) {
            if (o.numerator == 0) {
                throw new IllegalArgumentException("division by zero in the CPU expression");
            }
            long n = mul(numerator, o.denominator);
            long d = mul(denominator, o.numerator);
            return d < 0 ? reduced(-n, -d) : reduced(n, d);
        }

        private static Fraction reduced(long n, long d) {
            long g = gcd(Math.abs(n), d);
            return g > 1 ? new Fraction(n / g, d / g) : new Fraction(n, d);
        }

        private static long gcd(long a, long b) {
            while (b != 0) {
                long t = a % b;
                a = b;
                b = t;
            }
            return a == 0 ? 1 : a;
        }

        private static long mul(long a, long b) {
            try {
                return Math.multiplyExact(a, b);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("CPU expression result is too large");
            }
        }

        private static long add(long a, long b) {
            try {
                return Math.addExact(a, b);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("CPU expression result is too large");
            }
        }
    }
}
