"""One module per question with large and adversarial hidden tests (see `questions/README.md`)."""
