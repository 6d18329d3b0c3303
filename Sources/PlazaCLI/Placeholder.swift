public enum PlazaCLIPlaceholder {}
