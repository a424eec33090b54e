package io.loomicorn.config;

import io.loomicorn.spi.WorkerSetting;

/** Turns the settings that worker classes declare into registry {@link Setting}s. */
final class WorkerSettings {

    private WorkerSettings() {
    }

    /**
     * Converts one declaration. An integer keeps its range; an on/off setting gets a
     * presence flag, {@code --name} when it is off by default and {@code --no-name} when on.
     *
     * @param workerClass the declaring worker class, named in the documentation
     * @param declared    the declaration
     * @return the registry setting, in the "Worker Classes" section
     */
    @SuppressWarnings("unchecked")
    static Setting<?> toSetting(String workerClass, WorkerSetting<?> declared) {
        String description = declared.description() + "\n\nDeclared by the worker class `" + workerClass + "`.";
        if (declared.type() == Integer.class) {
            WorkerSetting<Integer> w = (WorkerSetting<Integer>) declared;
            return Setting.builder(w.name(), ValueParsers.integer("INT", (int) w.min(), (int) w.max()))
                    .flags(w.flag()).section(Section.WORKER_CLASSES).defaultValue(w.defaultValue())
                    .summary(w.summary()).description(description).build();
        }
        if (declared.type() == Boolean.class) {
            WorkerSetting<Boolean> w = (WorkerSetting<Boolean>) declared;
            Setting.Builder<Boolean> b = Setting.builder(w.name(), ValueParsers.bool())
                    .section(Section.WORKER_CLASSES).defaultValue(w.defaultValue())
                    .summary(w.summary()).description(description);
            if (w.defaultValue()) {
                b.negatedFlag("--no-" + w.name().replace('_', '-'));
            } else {
                b.flags(w.flag());
            }
            return b.build();
        }
        WorkerSetting<String> w = (WorkerSetting<String>) declared;
        return Setting.builder(w.name(), ValueParsers.text("TEXT", "expected text", true))
                .flags(w.flag()).section(Section.WORKER_CLASSES).defaultValue(w.defaultValue())
                .summary(w.summary()).description(description).build();
    }
}
