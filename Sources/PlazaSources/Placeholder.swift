public enum PlazaSourcesPlaceholder {}
