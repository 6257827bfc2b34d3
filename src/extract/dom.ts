/** The few DOM members the extractor uses, typed here because the project compiles without the DOM library (linkedom implements them). */
export interface DomNode {
  readonly nodeType: number;
  readonly textContent: string | null;
  readonly childNodes: ArrayLike<DomNode>;
}

export interface DomParent {
  readonly textContent: string | null;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): Iterable<DomElement> & ArrayLike<DomElement>;
}

export interface DomElement extends DomNode, DomParent {
  readonly tagName: string;
  readonly isConnected: boolean;
  getAttribute(name: string): string | null;
  remove(): void;
}

export interface DomDocument extends DomParent {
  readonly body: DomElement | null;
  readonly documentElement: DomElement;
}
