// Matchers from @testing-library/jest-dom (loaded by .config/jest/setup.ts) for type checking.
/// <reference types="@testing-library/jest-dom" />
