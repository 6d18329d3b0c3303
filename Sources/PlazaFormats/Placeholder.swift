public enum PlazaFormatsPlaceholder {}
