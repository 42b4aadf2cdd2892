(window.RACEKB_SEARCH=window.RACEKB_SEARCH||{})["terms_i"]={"imec":[0],"imsa":[0],"inaugural":[0],"including":[0],"indycar":[0]};
