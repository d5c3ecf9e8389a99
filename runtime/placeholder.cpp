namespace clift {}
